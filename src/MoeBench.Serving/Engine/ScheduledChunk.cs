namespace MoeBench.Serving.Engine;

/// <summary>Rows of one request in a step: <see cref="Count"/> tokens from position <see cref="Start"/>.</summary>
internal struct ScheduledChunk
{
    public RequestState Request;
    public int Start;
    public int Count;

    /// <summary>A decode token (the prompt and any recompute done), not part of a prefill.</summary>
    public readonly bool IsDecode => Start >= Request.PrefillTarget;

    /// <summary>The chunk reaches the last known token, so the step yields this request's next token.</summary>
    public readonly bool YieldsToken => Start + Count == Request.Length;
}
