using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// How one k pair of a 16-column integer <see cref="QuantPanels"/> panel becomes the operand of vpmaddwd: 16
/// int32 lanes, lane j holding column j's two codes as int16 (row 2i low half, row 2i+1 high half), so one
/// multiply-add against a broadcast activation pair gives each column its two products summed. AVX-512F/BW only.
/// </summary>
internal unsafe interface IWordPairFormat
{
    static abstract Vector512<short> LoadWordPairs(byte* pair);
}

/// <summary>int8: the pair's 32 codes sign-extended to words (rows 2i then 2i+1), then interleaved by column.</summary>
internal readonly unsafe struct I8WordPairs : IWordPairFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> LoadWordPairs(byte* pair)
    {
        var words = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)pair));
        var byColumn = Vector512.Create(
            (short)0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
            8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        return Avx512BW.PermuteVar32x16(words, byColumn);
    }
}

/// <summary>
/// int4: byte j (row 2i in the low nibble, row 2i+1 in the high one) sign-extended to an int32 lane x. Then
/// (x &lt;&lt; 28) &gt;&gt; 28 is the low nibble as a sign-extended word, and x &lt;&lt; 12 carries the high
/// nibble, sign-extended, in bits 16–31; one bitwise select joins the two halves.
/// </summary>
internal readonly unsafe struct I4WordPairs : IWordPairFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> LoadWordPairs(byte* pair)
    {
        var x = Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)pair));
        var low = Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(x, 28), 28);
        var high = Avx512F.ShiftLeftLogical(x, 12);
        return Vector512.ConditionalSelect(Vector512.Create(unchecked((int)0xFFFF0000)), high, low).AsInt16();
    }
}
