using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// How k pairs of a 16-column integer <see cref="QuantPanels"/> panel become the operand of vpmaddwd: 16 int32
/// lanes, lane j holding column j's two codes as int16 (row 2i low half, row 2i+1 high half), so one multiply-add
/// against a broadcast activation pair gives each column its two products summed. The panel layouts are chosen
/// so this costs one sign-extending load per pair for int8 and two shifts more per two pairs for int4: on Zen 4
/// these share the two shuffle/ALU pipes with the integer adds, and that share, not the multiplies, bounds the loop.
/// AVX-512F/BW only.
/// </summary>
internal unsafe interface IWordPairFormat
{
    /// <summary>Pair i alone (either parity).</summary>
    static abstract Vector512<short> LoadPair(byte* panel, int i);

    /// <summary>Pairs i and i + 1, i even.</summary>
    static abstract void LoadPairs(byte* panel, int i, out Vector512<short> w0, out Vector512<short> w1);
}

/// <summary>int8: a pair's 32 bytes are already column-interleaved; sign-extending them to words is all.</summary>
internal readonly unsafe struct I8WordPairs : IWordPairFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> LoadPair(byte* panel, int i) =>
        Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)panel + ((long)i * 32)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPairs(byte* panel, int i, out Vector512<short> w0, out Vector512<short> w1)
    {
        var b = (sbyte*)panel + ((long)i * 32);
        w0 = Avx512BW.ConvertToVector512Int16(Vector256.Load(b));
        w1 = Avx512BW.ConvertToVector512Int16(Vector256.Load(b + 32));
    }
}

/// <summary>
/// int4: the 32 bytes of pairs 2b and 2b+1 sign-extended to words put the even pair's code in each word's low
/// nibble and the odd pair's in the next one: (x &lt;&lt; 12) &gt;&gt; 12 and x &gt;&gt; 4 (arithmetic) give both.
/// </summary>
internal readonly unsafe struct I4WordPairs : IWordPairFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> LoadPair(byte* panel, int i)
    {
        var x = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)panel + ((long)(i >> 1) * 32)));
        return (i & 1) == 0 ? Avx512BW.ShiftRightArithmetic(Avx512BW.ShiftLeftLogical(x, 12), 12) : Avx512BW.ShiftRightArithmetic(x, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPairs(byte* panel, int i, out Vector512<short> w0, out Vector512<short> w1)
    {
        var x = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)panel + ((long)(i >> 1) * 32)));
        w0 = Avx512BW.ShiftRightArithmetic(Avx512BW.ShiftLeftLogical(x, 12), 12);
        w1 = Avx512BW.ShiftRightArithmetic(x, 4);
    }
}
