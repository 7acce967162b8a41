using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// The session options that make an ONNX Runtime device what it is, part of its identity: intra-op threads, the graph
/// optimisation level and the execution provider's own options. Written <c>key=value</c> joined by <c>+</c>, after
/// the provider in a pinned id (<c>onnx:cpu+threads=1+opt=basic</c>) or in <see cref="EnvironmentVariable"/> for the
/// listed devices. <c>+</c> rather than a comma, because suites list devices in YAML flow sequences.
/// </summary>
internal sealed record OnnxSettings(
    int Threads, GraphOptimizationLevel Optimization, OnnxLayerForm Layer, IReadOnlyList<KeyValuePair<string, string>> ProviderOptions)
{
    public const string EnvironmentVariable = "MOEBENCH_ONNX_OPTIONS";

    private static readonly Dictionary<string, GraphOptimizationLevel> Levels = new(StringComparer.Ordinal)
    {
        ["disable"] = GraphOptimizationLevel.ORT_DISABLE_ALL,
        ["basic"] = GraphOptimizationLevel.ORT_ENABLE_BASIC,
        ["extended"] = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        ["all"] = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static readonly Dictionary<string, OnnxLayerForm> LayerForms = new(StringComparer.Ordinal)
    {
        ["auto"] = OnnxLayerForm.Auto,
        ["explicit"] = OnnxLayerForm.Explicit,
        ["ops"] = OnnxLayerForm.Ops,
    };

    /// <summary>One thread per logical core, as cpu, cpu-blas and ggml use; every optimisation ONNX Runtime has; layers whole.</summary>
    public static OnnxSettings Default => new(Environment.ProcessorCount, GraphOptimizationLevel.ORT_ENABLE_ALL, OnnxLayerForm.Auto, []);

    /// <summary>
    /// Reads <c>threads=N</c>, <c>opt=disable|basic|extended|all</c>, <c>layer=auto|explicit|ops</c> (how a whole MoE
    /// layer runs: the contrib MoE op where it fits, else the explicit graph; always the explicit graph; op by op)
    /// and, for providers that take them, any other
    /// <c>key=value</c> as an execution-provider option. Returns the problem instead of throwing.
    /// </summary>
    public static OnnxSettings? Parse(string text, OnnxProvider provider, out string? problem)
    {
        var settings = Default;
        var options = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('+', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1)
            {
                problem = $"malformed option '{part}': write key=value (threads=N, opt=disable|basic|extended|all, or an execution-provider option)";
                return null;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            switch (key)
            {
                case "threads" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    settings = settings with { Threads = n };
                    break;
                case "threads":
                    problem = $"malformed option '{part}': threads takes a whole number of 1 or more";
                    return null;
                case "opt" when Levels.TryGetValue(value, out var level):
                    settings = settings with { Optimization = level };
                    break;
                case "opt":
                    problem = $"malformed option '{part}': opt takes one of {string.Join(", ", Levels.Keys)}";
                    return null;
                case "layer" when LayerForms.TryGetValue(value, out var form):
                    settings = settings with { Layer = form };
                    break;
                case "layer":
                    problem = $"malformed option '{part}': layer takes one of {string.Join(", ", LayerForms.Keys)}";
                    return null;
                default:
                    if (provider == OnnxProvider.Cpu)
                    {
                        // The CPU EP is always registered and takes no provider options of its own.
                        problem = $"unknown option '{key}' for {provider.DeviceId}: it takes threads=N, opt=disable|basic|extended|all and layer=auto|explicit|ops";
                        return null;
                    }

                    options.Add(new(key, value));
                    break;
            }
        }

        problem = null;
        return settings with { ProviderOptions = options };
    }

    /// <summary>The text that pins these settings again, canonical: what the identity records.</summary>
    public string Describe()
    {
        var level = Levels.First(l => l.Value == Optimization).Key;
        var layer = LayerForms.First(l => l.Value == Layer).Key;
        var text = $"threads={Threads}+opt={level}+layer={layer}";
        return ProviderOptions.Count == 0 ? text : $"{text}+{string.Join('+', ProviderOptions.Select(o => $"{o.Key}={o.Value}"))}";
    }

    /// <summary>Session options for these settings; the caller disposes them.</summary>
    public SessionOptions Create(OnnxProvider provider)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = Optimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };

        // ONNX Runtime's QDQ fusion turns DequantizeLinear + MatMul into MatMulNBits, by default at accuracy level 4,
        // which rounds the activations to int8 (seen here: int8 products 6e-3 off the float64 reference); level 0 keeps
        // them fp32, as every product here is validated.
        options.AddSessionConfigEntry("session.qdq_matmulnbits_accuracy_level", "0");

        // Every session owns an intra-op pool, and a device holds dozens of sessions (one per expert product and per
        // op shape): workers that spin after each run keep the cores busy for the next session's pool, which on the
        // 2-core machine made an op-by-op layer 20× slower than with one thread. Idle workers sleep instead.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (provider != OnnxProvider.Cpu)
        {
            // Reached only where this build of ONNX Runtime lists the provider, which none of the packages served here
            // does: untested, and a provider the generic call does not know fails when the device is opened.
            options.AppendExecutionProvider(provider.OrtName.Replace("ExecutionProvider", "", StringComparison.Ordinal), ProviderOptions.ToDictionary());
        }

        return options;
    }
}

/// <summary>How an onnx device runs a whole MoE layer.</summary>
internal enum OnnxLayerForm
{
    /// <summary>The com.microsoft::MoE contrib op where the provider and the layer allow it, else the explicit graph.</summary>
    Auto,

    /// <summary>Always the explicit graph of standard ops.</summary>
    Explicit,

    /// <summary>Op by op, as every device runs it.</summary>
    Ops,
}
