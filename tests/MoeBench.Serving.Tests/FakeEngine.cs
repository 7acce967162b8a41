namespace MoeBench.Serving.Tests;

/// <summary>
/// A deterministic stand-in for the serving engine: each step takes <see cref="StepSeconds"/> plus
/// <see cref="SecondsPerToken"/> per token it runs on the clock it is given; a newly admitted request prefills its
/// whole prompt in one step and gets its first token at that step's end, a running one gets one token per step;
/// at most <see cref="MaxRunning"/> run at once, the rest wait in arrival order.
/// </summary>
internal sealed class FakeEngine(double stepSeconds = 0.01, double secondsPerToken = 0.0, int maxRunning = 8, int context = 4096) : IServingEngine
{
    public double StepSeconds => stepSeconds;

    public double SecondsPerToken => secondsPerToken;

    public int MaxRunning => maxRunning;

    public int ContextTokens => context;

    public DecoderValidation Validation { get; init; } = new(true, 1e-6, 1e-3, null);

    /// <summary>Requests each Serve call was given, in call order.</summary>
    public List<IReadOnlyList<ServingRequest>> Calls { get; } = [];

    public DecoderValidation Validate() => Validation;

    public ServingOutcome Serve(IReadOnlyList<ServingRequest> requests, IServingClock clock, CancellationToken cancellation)
    {
        Calls.Add(requests);
        var pending = new Queue<ServingRequest>(requests.OrderBy(r => r.ArrivalSeconds).ThenBy(r => r.Id));
        var waiting = new Queue<ServingRequest>();
        var running = new List<(ServingRequest Request, List<double> Tokens)>();
        var done = new List<RequestRecord>();
        var steps = new List<StepRecord>();
        try
        {
            while (!cancellation.IsCancellationRequested && (pending.Count > 0 || waiting.Count > 0 || running.Count > 0))
            {
                if (running.Count == 0 && waiting.Count == 0)
                {
                    clock.WaitUntil(pending.Peek().ArrivalSeconds, cancellation);
                }

                while (pending.Count > 0 && pending.Peek().ArrivalSeconds <= clock.Now)
                {
                    waiting.Enqueue(pending.Dequeue());
                }

                var decode = running.Count;
                var admitted = new List<ServingRequest>();
                while (waiting.Count > 0 && running.Count + admitted.Count < maxRunning)
                {
                    admitted.Add(waiting.Dequeue());
                }

                var prefill = admitted.Sum(r => r.PromptTokens);
                var start = clock.Now;
                clock.WaitUntil(start + stepSeconds + (secondsPerToken * (prefill + decode)), cancellation);
                var end = clock.Now;
                running.AddRange(admitted.Select(r => (r, new List<double>())));
                foreach (var (_, tokens) in running)
                {
                    tokens.Add(end);
                }

                foreach (var finished in running.Where(r => r.Tokens.Count == r.Request.OutputTokens).ToList())
                {
                    running.Remove(finished);
                    done.Add(Record(finished.Request, finished.Tokens, end));
                }

                steps.Add(new StepRecord(steps.Count, start, end, prefill, decode, running.Count, waiting.Count + pending.Count(p => p.ArrivalSeconds <= end), running.Count));
            }
        }
        catch (OperationCanceledException)
        {
            // The contract: a cancelled run returns what it has, unfinished requests without a finish time.
        }

        done.AddRange(running.Select(r => Record(r.Request, r.Tokens, null)));
        done.AddRange(waiting.Concat(pending).Select(r => Record(r, [], null)));
        return new ServingOutcome([.. done.OrderBy(r => r.Id)], steps, 64, 16, 0, 0, 0);
    }

    private static RequestRecord Record(ServingRequest r, List<double> tokens, double? finish) => new(
        r.Id, r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, tokens.Count > 0 ? tokens[0] : null, [.. tokens], finish, 0, 0, r.Warmup);

    public void Dispose()
    {
    }
}
