namespace MoeBench.Serving.Model;

/// <summary>
/// One step's input to <see cref="DeviceDecoder.Forward"/>, filled by the scheduler in buffers it reuses every step:
/// the token ids of all rows, the sequences (<see cref="Core.Attention.AttentionShape.SequenceFields"/> ints each), their
/// concatenated block lists, and the rows whose next token is wanted.
/// </summary>
public sealed class DecoderBatch(int maxTokens, int maxSequences, int maxBlocksPerSequence)
{
    public int[] TokenIds { get; } = new int[maxTokens];

    public int Tokens { get; set; }

    public int[] Sequences { get; } = new int[maxSequences * Core.Attention.AttentionShape.SequenceFields];

    public int SequenceCount { get; set; }

    public int[] BlockTable { get; } = new int[maxSequences * maxBlocksPerSequence];

    public int BlockTableLength { get; set; }

    public int[] LogitRows { get; } = new int[maxSequences];

    public int LogitCount { get; set; }

    /// <summary>The greedy next token of each of <see cref="LogitRows"/>, written by the forward.</summary>
    public int[] NextTokens { get; } = new int[maxSequences];

    public void Clear() => (Tokens, SequenceCount, BlockTableLength, LogitCount) = (0, 0, 0, 0);

    /// <summary>Adds a sequence of <paramref name="tokens"/> rows at positions past … past + count − 1 over <paramref name="blocks"/>.</summary>
    public void AddSequence(ReadOnlySpan<int> tokens, int past, ReadOnlySpan<int> blocks, bool wantsNextToken)
    {
        var s = SequenceCount * Core.Attention.AttentionShape.SequenceFields;
        (Sequences[s], Sequences[s + 1], Sequences[s + 2], Sequences[s + 3]) = (Tokens, tokens.Length, past, BlockTableLength);
        tokens.CopyTo(TokenIds.AsSpan(Tokens));
        blocks.CopyTo(BlockTable.AsSpan(BlockTableLength));
        if (wantsNextToken)
        {
            LogitRows[LogitCount++] = Tokens + tokens.Length - 1;
        }

        Tokens += tokens.Length;
        BlockTableLength += blocks.Length;
        SequenceCount++;
    }
}
