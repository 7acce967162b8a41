using MoeBench.Core;
using MoeBench.Core.Layers;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;

namespace MoeBench.Devices.Layers;

/// <summary>
/// One MoE block forward on any device, composed from its kernels — the same composition as
/// <c>ReferenceMoeLayer</c>: RMSNorm → gate → permute → grouped GEMM (gate+up) → SwiGLU → grouped GEMM (down)
/// → shared expert MLP → weighted combine. Where the kernels offer <see cref="IFusedExpertKernels"/> and the experts
/// are fp32, the permute only plans the dispatch and one pass gathers, multiplies and activates
/// (<c>experts_up+swiglu</c>). Where they offer <see cref="IWholeLayerKernels"/> and take the layer whole, the block
/// is one call, profiled as one phase named by its form. Buffers are sized for the worst case (every slot kept) once,
/// so a forward allocates nothing after the first.
/// </summary>
public sealed class MoeLayerExecutor : IDisposable
{
    private readonly IDevice _device;
    private readonly MoeLayerSpec _spec;
    private readonly List<IDisposable> _owned = [];
    private readonly DeviceBuffer<float> _x, _bias, _gamma, _xn, _topWeights, _y, _constants;
    private readonly DeviceBuffer<float>? _act, _yp;
    private readonly DeviceBuffer<int> _ids, _offsets, _slotRow;
    private readonly IFusedExpertKernels? _fused;
    private readonly DeviceBuffer<int>? _rowToken;
    private readonly DeviceBuffer<float>? _xp, _gateUp;
    private readonly DeviceBuffer<float>? _sharedGateUp, _sharedAct;
    private readonly IDeviceWeights? _router, _w13, _w2;
    private readonly IDeviceWeights? _sharedW13, _sharedW2;
    private readonly LayerFfn? _ffn;
    private readonly IWholeLayer? _whole;

    /// <param name="wholeLayer">Run the block as one call where the device takes it whole; false keeps the op-by-op form.</param>
    public MoeLayerExecutor(IDevice device, MoeLayerSpec spec, MoeLayerWeights weights, MoeLayerInputs inputs, bool wholeLayer = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(inputs);
        _device = device;
        _spec = spec;
        var m = spec.Model;
        var (t, h, f, k, e) = (spec.Tokens, m.Hidden, m.ExpertFfn, m.TopK, spec.RouterExperts);
        var slots = t * k;
        _x = Upload(inputs.X);
        _bias = Upload(inputs.LogitBias);
        _gamma = Upload(weights.NormGamma);
        _constants = Upload(weights.Constants.Length > 0 ? weights.Constants : [0f]);
        _xn = Own(device.Allocate<float>(t * h));
        _ids = Own(device.Allocate<int>(slots));
        _topWeights = Own(device.Allocate<float>(slots));
        _offsets = Own(device.Allocate<int>(m.Experts + 1));
        _slotRow = Own(device.Allocate<int>(slots));
        _y = Own(device.Allocate<float>(t * h));
        if (wholeLayer && device.Kernels is IWholeLayerKernels whole && whole.Unsupported(spec) is null)
        {
            _whole = Own(whole.Load(spec, weights));
            device.Synchronize();
            return;
        }

        _fused = spec.Precision is null ? device.Kernels as IFusedExpertKernels : null;
        if (_fused is null)
        {
            _xp = Own(device.Allocate<float>(slots * h));
            _gateUp = Own(device.Allocate<float>(slots * 2 * f));
        }
        else
        {
            _rowToken = Own(device.Allocate<int>(slots));
        }

        _act = Own(device.Allocate<float>(slots * f));
        _yp = Own(device.Allocate<float>(slots * h));
        _router = Own(device.LoadWeights(weights.Router, 1, h, e, DType.F32));
        _ffn = Own(new LayerFfn(device, spec.Precision, t));
        _w13 = Own(_fused is null ? _ffn.LoadExperts(weights.W13, m.Experts, h, 2 * f) : _fused.LoadSwigluWeights(weights.W13, m.Experts, h, f));
        _w2 = Own(_ffn.LoadExperts(weights.W2, m.Experts, f, h));
        if (weights.SharedW13 is not null && weights.SharedW2 is not null)
        {
            _sharedW13 = Own(_ffn.LoadShared(weights.SharedW13, h, 2 * m.SharedFfn));
            _sharedW2 = Own(_ffn.LoadShared(weights.SharedW2, m.SharedFfn, h));
            _sharedGateUp = Own(device.Allocate<float>(t * 2 * m.SharedFfn));
            _sharedAct = Own(device.Allocate<float>(t * m.SharedFfn));
        }

        device.Synchronize();
    }

    /// <summary>How the block runs: <c>ops</c>, or the whole-layer form the device names.</summary>
    public string Form => _whole?.Form ?? "ops";

    /// <summary>Bytes of weights and activations this executor keeps on the device.</summary>
    public long WorkingSetBytes { get; private set; }

    /// <summary>
    /// Submits one forward pass; call <see cref="IDevice.Synchronize"/> before reading a clock. An
    /// <paramref name="observer"/> hears of each phase as it is submitted (to profile it); timed samples pass none.
    /// </summary>
    public void Forward(ILayerPhaseObserver? observer = null) => Forward(_spec.Tokens, observer);

    /// <summary>
    /// A forward over the first <paramref name="tokens"/> rows of <see cref="Input"/> (at most the spec's tokens): a
    /// serving step's batch, whose size changes every step, through buffers sized once for the largest.
    /// </summary>
    public void Forward(int tokens, ILayerPhaseObserver? observer = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens, _spec.Tokens);
        var kernels = _device.Kernels;
        var m = _spec.Model;
        var (t, h, f, k) = (tokens, m.Hidden, m.ExpertFfn, m.TopK);
        if (_whole is not null)
        {
            _whole.Forward(_x, _bias, t, _y, _ids);
            observer?.PhaseSubmitted(_whole.Form, isGemm: false);
            return;
        }

        var ffn = _ffn!;
        kernels.RmsNorm(_x, _gamma, t, h, MoeLayerSpec.RmsEpsilon, _xn);
        observer?.PhaseSubmitted("norm", isGemm: false);
        kernels.Gate(_xn, _router!, _bias, _spec.Gate, t, _ids, _topWeights);
        observer?.PhaseSubmitted("gate", isGemm: false);
        if (_fused is { } fused)
        {
            fused.PlanDispatch(_ids, t, k, m.Experts, _spec.Capacity, _offsets, _slotRow, _rowToken!);
            observer?.PhaseSubmitted("permute", isGemm: false);
            fused.ExpertsUpSwiglu(_xn, _rowToken!, _offsets, _w13!, f, _act!);
            observer?.PhaseSubmitted("experts_up+swiglu", isGemm: true);
        }
        else
        {
            kernels.Permute(_xn, _ids, t, k, h, m.Experts, _spec.Capacity, _xp!, _offsets, _slotRow);
            observer?.PhaseSubmitted("permute", isGemm: false);
            ffn.Experts(_xp!, _offsets, _w13!, _gateUp!);
            observer?.PhaseSubmitted("experts_up", isGemm: true);
            kernels.Swiglu(_gateUp!, t * k, _offsets, f, _act!);
            observer?.PhaseSubmitted("swiglu", isGemm: false);
        }

        ffn.Experts(_act!, _offsets, _w2!, _yp!);
        observer?.PhaseSubmitted("experts_down", isGemm: true);
        var shared = _sharedW13 is not null;
        if (shared)
        {
            ffn.Shared(_xn, _sharedW13!, _sharedGateUp!, t);
            observer?.PhaseSubmitted("shared_up", isGemm: true);
            kernels.Swiglu(_sharedGateUp!, t, null, m.SharedFfn, _sharedAct!);
            observer?.PhaseSubmitted("shared_swiglu", isGemm: false);
            ffn.Shared(_sharedAct!, _sharedW2!, _y, t);
            observer?.PhaseSubmitted("shared_down", isGemm: true);
        }

        kernels.Unpermute(_yp!, _slotRow, _ids, _topWeights, _xn, _constants, _spec.Combine, t, k, h, _y, accumulate: shared);
        observer?.PhaseSubmitted("combine", isGemm: false);
    }

    /// <summary>The hidden states a forward reads, [tokens × hidden]: a decoder writes its residual stream here.</summary>
    public DeviceBuffer<float> Input => _x;

    /// <summary>The block's output a forward writes, [tokens × hidden] (without the residual).</summary>
    public DeviceBuffer<float> Output => _y;

    public float[] ReadOutput() => Read(_y, _spec.Tokens * _spec.Model.Hidden);

    /// <summary>The experts the gate chose, [tokens × k], for load statistics.</summary>
    public int[] ReadAssignment() => Read(_ids, _spec.Tokens * _spec.Model.TopK);

    /// <summary>Rows each FFN expert kept after capacity, from the dispatch offsets (planned from the chosen experts when the layer ran whole).</summary>
    public int[] ReadRowsPerExpert()
    {
        var offsets = _whole is null
            ? Read(_offsets, _spec.Model.Experts + 1)
            : ReferenceOps.DispatchPlan(ReadAssignment(), _spec.Model.Experts, _spec.Capacity).Offsets;
        var rows = new int[_spec.Model.Experts];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = offsets[i + 1] - offsets[i];
        }

        return rows;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }

    private T[] Read<T>(DeviceBuffer<T> buffer, int length)
        where T : unmanaged
    {
        _device.Synchronize();
        var result = new T[length];
        _device.Download(buffer, result);
        return result;
    }

    private DeviceBuffer<float> Upload(float[] values)
    {
        var buffer = Own(_device.Allocate<float>(values.Length));
        _device.Upload<float>(values, buffer);
        return buffer;
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        WorkingSetBytes += resource switch
        {
            DeviceBuffer<float> b => b.Length * 4L,
            DeviceBuffer<int> b => b.Length * 4L,
            IDeviceWeights w => w.Bytes,
            _ => 0,
        };
        return resource;
    }
}
