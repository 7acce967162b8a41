namespace MoeBench.Devices.Onnx;

/// <summary>ONNX tensor element types (TensorProto.DataType in onnx.proto).</summary>
internal enum OnnxType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    BFloat16 = 16,
}

/// <summary>A node attribute: exactly one of an int, a float, a list of ints or a string.</summary>
internal readonly record struct OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, string? Text = null)
{
    public static implicit operator OnnxAttribute((string Name, long Value) a) => new(a.Name, Int: a.Value);

    public static implicit operator OnnxAttribute((string Name, float Value) a) => new(a.Name, Float: a.Value);

    public static implicit operator OnnxAttribute((string Name, long[] Value) a) => new(a.Name, Ints: a.Value);

    public static implicit operator OnnxAttribute((string Name, string Value) a) => new(a.Name, Text: a.Value);
}

/// <summary>
/// A graph under construction and its serialization as an ONNX ModelProto (IR 8, opset 17 plus com.microsoft 1 for
/// the contrib ops). Names are generated; dimensions below zero are symbolic (<see cref="Rows"/>, <see cref="Slots"/>,
/// <see cref="Tokens"/>), so one session serves every batch size. Field numbers: ModelProto ir_version 1, graph 7, opset_import 8; GraphProto node 1,
/// name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2, op_type 4, attribute 5, domain 7;
/// AttributeProto name 1, f 2, i 3, s 4, ints 8, type 20; TensorProto dims 1, data_type 2, name 8, raw_data 9;
/// ValueInfoProto name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1, shape 2; TensorShapeProto dim 1;
/// Dimension dim_value 1, dim_param 2; OperatorSetIdProto domain 1, version 2.
/// </summary>
internal sealed class OnnxModel
{
    /// <summary>Dimensions fixed per call, not per session: the rows of a batch, its (token, slot) pairs, its tokens.</summary>
    public const long Rows = -1, Slots = -2, Tokens = -3;

    public const string Microsoft = "com.microsoft";

    private readonly List<Action<ProtoWriter>> _nodes = [], _initializers = [], _inputs = [], _outputs = [];
    private readonly HashSet<string> _constants = [], _read = [];
    private int _next;

    public string Input(string name, OnnxType type, params long[] dims)
    {
        _inputs.Add(w => ValueInfo(w, name, type, dims));
        return name;
    }

    public void Output(string name, OnnxType type, params long[] dims) => _outputs.Add(w => ValueInfo(w, name, type, dims));

    /// <summary>A constant tensor, little-endian raw bytes as TensorProto.raw_data stores them.</summary>
    public string Initializer(OnnxType type, long[] dims, byte[] raw)
    {
        var name = $"init{_next++}";
        _constants.Add(name);
        _initializers.Add(w =>
        {
            foreach (var d in dims)
            {
                w.Int64(1, d);
            }

            w.Int64(2, (long)type);
            w.String(8, name);
            w.Bytes(9, raw);
        });
        return name;
    }

    public string Floats(long[] dims, params float[] values) => Initializer(OnnxType.Float, dims, ToBytes<float>(values));

    public string Longs(params long[] values) => Initializer(OnnxType.Int64, [values.Length], ToBytes<long>(values));

    /// <summary>Adds a node with one output, named for the caller (or <paramref name="output"/>), and returns that name.</summary>
    public string Node(string op, string[] inputs, string? output = null, string domain = "", params OnnxAttribute[] attributes) =>
        Nodes(op, inputs, [output ?? $"t{_next++}"], domain, attributes)[0];

    public string[] Nodes(string op, string[] inputs, string[] outputs, string domain = "", params OnnxAttribute[] attributes)
    {
        _read.UnionWith(inputs);
        _nodes.Add(w =>
        {
            foreach (var i in inputs)
            {
                w.String(1, i);
            }

            foreach (var o in outputs)
            {
                w.String(2, o);
            }

            w.String(4, op);
            foreach (var a in attributes)
            {
                w.Message(5, x => Attribute(x, a));
            }

            if (domain.Length > 0)
            {
                w.String(7, domain);
            }
        });
        return outputs;
    }

    /// <summary>Names a fresh value, for nodes with several outputs.</summary>
    public string Name() => $"t{_next++}";

    /// <summary>The model's bytes; a constant no node reads is a mistake in the graph (ONNX Runtime would drop it with a warning), so it throws.</summary>
    public byte[] ToBytes()
    {
        if (_constants.Except(_read).FirstOrDefault() is { } unused)
        {
            throw new InvalidOperationException($"the graph has a constant no node reads ({unused})");
        }

        var model = new ProtoWriter();
        model.Int64(1, 8);
        model.String(2, "MoeBench");
        model.Message(7, g =>
        {
            foreach (var node in _nodes)
            {
                g.Message(1, node);
            }

            g.String(2, "moebench");
            foreach (var init in _initializers)
            {
                g.Message(5, init);
            }

            foreach (var input in _inputs)
            {
                g.Message(11, input);
            }

            foreach (var output in _outputs)
            {
                g.Message(12, output);
            }
        });
        model.Message(8, o => o.Int64(2, 17));
        model.Message(8, o =>
        {
            o.String(1, Microsoft);
            o.Int64(2, 1);
        });
        return model.ToArray();
    }

    public static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();

    private static void Attribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(1, a.Name);
        if (a.Int is { } i)
        {
            w.Int64(3, i);
            w.Int64(20, 2);
        }
        else if (a.Float is { } f)
        {
            w.Float(2, f);
            w.Int64(20, 1);
        }
        else if (a.Ints is { } ints)
        {
            foreach (var v in ints)
            {
                w.Int64(8, v);
            }

            w.Int64(20, 7);
        }
        else
        {
            w.String(4, a.Text!);
            w.Int64(20, 3);
        }
    }

    private static void ValueInfo(ProtoWriter w, string name, OnnxType type, long[] dims)
    {
        w.String(1, name);
        w.Message(2, t => t.Message(1, tensor =>
        {
            tensor.Int64(1, (long)type);
            tensor.Message(2, shape =>
            {
                foreach (var d in dims)
                {
                    shape.Message(1, dim =>
                    {
                        if (d < 0)
                        {
                            dim.String(2, d switch { Rows => "rows", Slots => "slots", _ => "tokens" });
                        }
                        else
                        {
                            dim.Int64(1, d);
                        }
                    });
                }
            });
        }));
    }
}
