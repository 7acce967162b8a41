using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// How one k pair of a 16-column <see cref="QuantPanels"/> panel becomes fp32 in registers. The streaming kernel is
/// generic over a struct implementing this, so each format gets its own compiled loop with the unpacking inlined.
/// AVX2 only (callers check <see cref="Avx2.IsSupported"/>): the sign/zero-extending loads are what keep it cheap.
/// Formats find pair i themselves: the integer layouts (<see cref="QuantPanels"/>) are laid out for integer dot
/// products, not as one fixed-size slot per pair.
/// </summary>
internal unsafe interface IPanelFormat
{
    /// <summary>Whether codes need a scale (applied per scale group, outside the k loop).</summary>
    static abstract bool Scaled { get; }

    /// <summary>Bytes of one k pair of a panel (16 columns × 2 rows), as <see cref="QuantPanels.PairBytes"/>.</summary>
    static abstract int PairBytes { get; }

    /// <summary>Columns 0–7 and 8–15 of row 2i (e0, e1) and of row 2i+1 (o0, o1) of pair i, unscaled.</summary>
    static abstract void LoadPair(byte* panel, int i, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1);

    /// <summary>All 16 columns of row 2i (e) and of row 2i+1 (o) of pair i, unscaled, one zmm each (AVX-512F/BW callers only).</summary>
    static abstract void LoadPair512(byte* panel, int i, out Vector512<float> e, out Vector512<float> o);
}

internal readonly unsafe struct F32Panel : IPanelFormat
{
    public static bool Scaled => false;

    public static int PairBytes => 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* panel, int i, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var f = (float*)panel + ((long)i * 32);
        e0 = Vector256.Load(f);
        e1 = Vector256.Load(f + 8);
        o0 = Vector256.Load(f + 16);
        o1 = Vector256.Load(f + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* panel, int i, out Vector512<float> e, out Vector512<float> o)
    {
        var f = (float*)panel + ((long)i * 32);
        e = Vector512.Load(f);
        o = Vector512.Load(f + 16);
    }
}

/// <summary>bf16 → fp32 is a 16-bit left shift: zero-extend each 16-bit pattern into a 32-bit lane, shift, reinterpret.</summary>
internal readonly unsafe struct Bf16Panel : IPanelFormat
{
    public static bool Scaled => false;

    public static int PairBytes => 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* panel, int i, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var h = (ushort*)panel + ((long)i * 32);
        e0 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h), 16).AsSingle();
        e1 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 8), 16).AsSingle();
        o0 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 16), 16).AsSingle();
        o1 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 24), 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* panel, int i, out Vector512<float> e, out Vector512<float> o)
    {
        var h = (ushort*)panel + ((long)i * 32);
        e = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(h)), 16).AsSingle();
        o = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(h + 16)), 16).AsSingle();
    }
}

/// <summary>
/// int8, column-interleaved pairs (<see cref="QuantPanels"/>): sign-extending 16 bytes to words (vpmovsxbw) gives,
/// per int32 lane j, column j's row-2i code in the low word and its row-2i+1 code in the high one; a shift pair
/// and an arithmetic shift split them.
/// </summary>
internal readonly unsafe struct I8Panel : IPanelFormat
{
    public static bool Scaled => true;

    public static int PairBytes => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* panel, int i, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var b = (sbyte*)panel + ((long)i * 32);
        var x0 = Avx2.ConvertToVector256Int16(b).AsInt32();
        var x1 = Avx2.ConvertToVector256Int16(b + 16).AsInt32();
        e0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x0, 16), 16));
        e1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x1, 16), 16));
        o0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(x0, 16));
        o1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(x1, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* panel, int i, out Vector512<float> e, out Vector512<float> o)
    {
        var x = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)panel + ((long)i * 32))).AsInt32();
        e = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(x, 16), 16));
        o = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(x, 16));
    }
}

/// <summary>
/// int4, pairs in twos (<see cref="QuantPanels"/>): the 32 bytes of pairs 2b and 2b+1, sign-extended to words,
/// hold per int32 lane j column j's row-2i code in the low word and its row-2i+1 code in the high one, in the low
/// nibble for the even pair and the high nibble for the odd one. Shifting the nibble to the top of the lane and
/// arithmetic-right 28 sign-extends it.
/// </summary>
internal readonly unsafe struct I4Panel : IPanelFormat
{
    public static bool Scaled => true;

    public static int PairBytes => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* panel, int i, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var b = (sbyte*)panel + ((long)(i >> 1) * 32);
        var x0 = Avx2.ConvertToVector256Int16(b).AsInt32();
        var x1 = Avx2.ConvertToVector256Int16(b + 16).AsInt32();
        var even = Vector128.CreateScalar(28 - (4 * (i & 1)));
        var odd = Vector128.CreateScalar(12 - (4 * (i & 1)));
        e0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x0, even), 28));
        e1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x1, even), 28));
        o0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x0, odd), 28));
        o1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x1, odd), 28));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* panel, int i, out Vector512<float> e, out Vector512<float> o)
    {
        var x = Avx512BW.ConvertToVector512Int16(Vector256.Load((sbyte*)panel + ((long)(i >> 1) * 32))).AsInt32();
        e = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(x, Vector128.CreateScalar(28 - (4 * (i & 1)))), 28));
        o = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(x, Vector128.CreateScalar(12 - (4 * (i & 1)))), 28));
    }
}
