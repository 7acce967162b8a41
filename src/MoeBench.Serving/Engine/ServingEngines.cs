using MoeBench.Core.Models;
using MoeBench.Devices;

namespace MoeBench.Serving.Engine;

/// <summary>The real <see cref="ServingEngineFactory"/>: a zoo model's decoder with seeded weights on the given device.</summary>
public static class ServingEngines
{
    /// <summary>Throws <see cref="ArgumentException"/> for an unknown model or options no engine can honour, <see cref="NotSupportedException"/> for a device without decoder kernels.</summary>
    public static IServingEngine Create(IDevice device, ServingEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ModelZoo.TryGet(options.Model, out var model, out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        return new ServingEngine(device, model, options);
    }
}
