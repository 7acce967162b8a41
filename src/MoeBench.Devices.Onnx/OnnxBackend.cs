using Microsoft.ML.OnnxRuntime;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// ONNX Runtime, one device per execution provider (<c>onnx:cpu</c>, <c>onnx:cuda</c>, <c>onnx:qnn</c>, …). A provider
/// this build of ONNX Runtime does not list is unavailable with what it needs; a runtime that does not load makes
/// every one unavailable with the error; discovery never throws (STYLE.md §2). Session options come from
/// <see cref="OnnxSettings.EnvironmentVariable"/> or a pinned id, <c>onnx:cpu+threads=1+opt=basic</c>.
/// </summary>
public sealed class OnnxBackend : IPinnableBackend
{
    public const string BackendName = "onnx";

    public const string Package = "Microsoft.ML.OnnxRuntime";

    private readonly Func<IReadOnlyCollection<string>> _providers;
    private readonly string? _environmentSettings;

    public OnnxBackend()
        : this(() => OrtEnv.Instance().GetAvailableProviders(), Environment.GetEnvironmentVariable(OnnxSettings.EnvironmentVariable))
    {
    }

    /// <summary>Lists the providers <paramref name="providers"/> names (as OrtEnv.GetAvailableProviders does), with <paramref name="environmentSettings"/> for the listed devices.</summary>
    public OnnxBackend(Func<IReadOnlyCollection<string>> providers, string? environmentSettings)
    {
        ArgumentNullException.ThrowIfNull(providers);
        (_providers, _environmentSettings) = (providers, environmentSettings);
    }

    public string Name => BackendName;

    /// <summary>The ONNX Runtime version loaded, recorded in each device's identity.</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    public IReadOnlyList<DeviceEntry> Discover() =>
        [.. OnnxProvider.All.Select(p => Entry(p.DeviceId, p, _environmentSettings ?? "", $"set with {OnnxSettings.EnvironmentVariable} or pin {p.DeviceId}+threads=N+opt=basic"))];

    /// <summary><c>PROVIDER</c> or <c>PROVIDER+key=value+…</c>: the provider with those session options.</summary>
    public DeviceEntry Pin(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var plus = setting.IndexOf('+', StringComparison.Ordinal);
        var name = plus < 0 ? setting : setting[..plus];
        if (OnnxProvider.Find(name) is not { } provider)
        {
            return new DeviceEntry(
                $"{Name}:{setting}", Name, "ONNX Runtime", $"unknown execution provider '{name}' (known: {string.Join(", ", OnnxProvider.All.Select(p => p.Id))})", null);
        }

        return Entry($"{Name}:{setting}", provider, plus < 0 ? "" : setting[(plus + 1)..], null);
    }

    private DeviceEntry Entry(string id, OnnxProvider provider, string options, string? note)
    {
        var description = $"{provider.Hardware} through ONNX Runtime's {provider.OrtName}";
        IReadOnlyCollection<string> listed;
        try
        {
            listed = _providers();
        }
#pragma warning disable CA1031 // a runtime that fails to load makes the device unavailable, never aborts discovery
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Unavailable(id, provider, description, $"ONNX Runtime did not load ({e.GetType().Name}: {e.Message})");
        }

        if (!listed.Contains(provider.OrtName))
        {
            return Unavailable(id, provider, description, $"{provider.OrtName} is not in this ONNX Runtime build (it lists {string.Join(", ", listed)}); needs {provider.Needs}");
        }

        if (OnnxSettings.Parse(options, provider, out var problem) is not { } settings)
        {
            return Unavailable(id, provider, description, $"{(note is null ? "" : $"{OnnxSettings.EnvironmentVariable}: ")}{problem}");
        }

        var model = provider == OnnxProvider.Cpu ? $"{CpuIdentity.ModelName}, " : "";
        return new DeviceEntry(
            id, Name, $"{model}{OnnxDevice.Details(provider, settings)}", null, () => new OnnxDevice(id, provider, settings), Note: note, Class: provider.Class);
    }

    private DeviceEntry Unavailable(string id, OnnxProvider provider, string description, string reason) =>
        new(id, Name, description, reason, null, Class: provider.Class);
}
