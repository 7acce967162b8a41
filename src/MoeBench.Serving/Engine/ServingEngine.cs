using MoeBench.Core.Models;
using MoeBench.Core.Quant;
using MoeBench.Devices;
using MoeBench.Serving.Model;

namespace MoeBench.Serving.Engine;

/// <summary>
/// The in-process server: a <see cref="Scheduler"/> forming each step, a <see cref="DeviceDecoder"/> running it, and
/// the clock stamping every token. Requests enter the waiting queue once the clock has passed their arrival; when
/// nothing is running or waiting the engine sleeps until the next arrival.
/// </summary>
public sealed class ServingEngine : IServingEngine
{
    private readonly DecoderSpec _spec;
    private readonly DecoderWeights _weights;
    private readonly DeviceDecoder _decoder;
    private readonly SchedulerLimits _limits;
    private readonly int _kvBlocks;
    private readonly int _maxBlocksPerSequence;
    private readonly int _seed;

    public ServingEngine(IDevice device, ModelConfig model, ServingEngineOptions options)
    {
        var layers = options.Layers ?? Math.Min(DecoderSpec.DefaultLayers, model.Layers);
        _spec = new DecoderSpec(model, layers, options.KvBlockTokens, Precision(model, options.Experts ?? WeightFormat.F32));
        _spec.Validate();
        if (options.MaxBatchTokens < 1 || options.MaxRunningRequests < 1 || options.MaxRunningRequests > options.MaxBatchTokens)
        {
            throw new ArgumentException(
                $"max batch tokens {options.MaxBatchTokens} and max running requests {options.MaxRunningRequests} must be positive, requests no more than tokens");
        }

        var blockBytes = _spec.KvBytesPerToken * options.KvBlockTokens;
        var blocks = options.KvCacheBytes / blockBytes;
        if (blocks < 1 || blocks > int.MaxValue)
        {
            throw new ArgumentException($"KV cache of {options.KvCacheBytes} bytes holds {blocks} blocks of {blockBytes} bytes ({options.KvBlockTokens} tokens × {_spec.KvBytesPerToken} B)");
        }

        _kvBlocks = (int)blocks;
        _maxBlocksPerSequence = Math.Min(_kvBlocks, (model.ContextTokens + options.KvBlockTokens - 1) / options.KvBlockTokens);
        _limits = new SchedulerLimits(options.MaxBatchTokens, options.MaxRunningRequests, options.ChunkedPrefill);
        _seed = options.Seed;
        _weights = DecoderWeights.Seeded(_spec, options.MaxBatchTokens, options.Seed);
        _decoder = new DeviceDecoder(device, _spec, _weights, options.MaxBatchTokens, options.MaxRunningRequests, _kvBlocks, _maxBlocksPerSequence);
    }

    public int ContextTokens => _spec.Model.ContextTokens;

    /// <summary>The decoder this engine serves: model, layers, KV block size and expert formats.</summary>
    public DecoderSpec Decoder => _spec;

    /// <summary>Every routed expert in <paramref name="routed"/>, shared experts fp32; none for an all-fp32 model.</summary>
    private static LayerPrecision? Precision(ModelConfig model, WeightFormat routed) =>
        routed == WeightFormat.F32 ? null : LayerPrecision.Plan(routed, WeightFormat.F32, 0, new double[model.Experts]);

    /// <summary>Blocks the KV-cache budget buys.</summary>
    public int KvBlocks => _kvBlocks;

    public DecoderValidation Validate() => DecoderValidator.Validate(_spec, _weights, _decoder, _limits, _kvBlocks, _maxBlocksPerSequence, _seed);

    public ServingOutcome Serve(IReadOnlyList<ServingRequest> requests, IServingClock clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(clock);
        foreach (var r in requests)
        {
            CheckFits(r);
        }

        var states = new RequestState[requests.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new RequestState(requests[i], _seed, _spec.Model.Vocab, _spec.BlockTokens);
        }

        var arrivals = states.OrderBy(s => s.Request.ArrivalSeconds).ToArray();
        var blocks = new KvBlockManager(_kvBlocks);
        var scheduler = new Scheduler(_limits, blocks, _spec.BlockTokens, states.Length);
        var batch = new DecoderBatch(_limits.MaxBatchTokens, _limits.MaxRunningRequests, _maxBlocksPerSequence);
        var steps = new List<StepRecord>();
        var finished = new List<RequestState>(states.Length);
        var next = 0;
        while (finished.Count < states.Length && !cancellation.IsCancellationRequested)
        {
            var now = clock.Now;
            for (; next < arrivals.Length && arrivals[next].Request.ArrivalSeconds <= now; next++)
            {
                scheduler.Arrive(arrivals[next]);
            }

            if (scheduler.Running == 0 && scheduler.Waiting == 0)
            {
                if (!Sleep(clock, arrivals[next].Request.ArrivalSeconds, cancellation))
                {
                    break;
                }

                continue;
            }

            if (!scheduler.Schedule(batch))
            {
                throw new InvalidOperationException("the scheduler formed an empty step with requests waiting: a request needs more KV blocks than the cache holds");
            }

            var start = clock.Now;
            _decoder.Forward(batch);
            var end = clock.Now;
            steps.Add(StepOf(steps.Count, start, end, scheduler, blocks));
            scheduler.Complete(batch, end, finished);
        }

        return new ServingOutcome(
            [.. states.Select(s => s.ToRecord())], steps, _kvBlocks, _spec.BlockTokens, scheduler.Preemptions,
            scheduler.PrefixTokensLookedUp, scheduler.PrefixTokensHit);
    }

    public void Dispose() => _decoder.Dispose();

    private void CheckFits(ServingRequest r)
    {
        var total = (long)r.PromptTokens + r.OutputTokens;
        if (r.PromptTokens < 1 || r.OutputTokens < 1 || total > ContextTokens)
        {
            throw new ArgumentException($"request {r.Id}: prompt {r.PromptTokens} and output {r.OutputTokens} tokens must be positive and fit the context of {ContextTokens}");
        }

        if ((total + _spec.BlockTokens - 1) / _spec.BlockTokens > _kvBlocks)
        {
            throw new ArgumentException($"request {r.Id}: {total} tokens need more than the {_kvBlocks} KV blocks of {_spec.BlockTokens} tokens the cache holds");
        }

        if (!_limits.ChunkedPrefill && r.PromptTokens > _limits.MaxBatchTokens)
        {
            throw new ArgumentException($"request {r.Id}: a prompt of {r.PromptTokens} tokens never fits a step of {_limits.MaxBatchTokens} without chunked prefill");
        }
    }

    private static bool Sleep(IServingClock clock, double until, CancellationToken cancellation)
    {
        try
        {
            clock.WaitUntil(until, cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The step as formed: its requests and blocks before those that finished in it let go.</summary>
    private static StepRecord StepOf(int index, double start, double end, Scheduler scheduler, KvBlockManager blocks)
    {
        int prefill = 0, decode = 0;
        foreach (var chunk in scheduler.Chunks)
        {
            if (chunk.IsDecode)
            {
                decode += chunk.Count;
            }
            else
            {
                prefill += chunk.Count;
            }
        }

        return new StepRecord(index, start, end, prefill, decode, scheduler.Running, scheduler.Waiting, blocks.Used);
    }
}
