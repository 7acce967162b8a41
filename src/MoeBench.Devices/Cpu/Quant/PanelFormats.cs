using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// How one k pair of a 16-column <see cref="QuantPanels"/> panel becomes fp32 in registers. The streaming kernel is
/// generic over a struct implementing this, so each format gets its own compiled loop with the unpacking inlined.
/// AVX2 only (callers check <see cref="Avx2.IsSupported"/>): the sign/zero-extending loads are what keep it cheap.
/// </summary>
internal unsafe interface IPanelFormat
{
    /// <summary>Whether codes need a scale (applied per scale group, outside the k loop).</summary>
    static abstract bool Scaled { get; }

    /// <summary>Columns 0–7 and 8–15 of row 2i (e0, e1) and of row 2i+1 (o0, o1), unscaled.</summary>
    static abstract void LoadPair(byte* pair, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1);

    /// <summary>All 16 columns of row 2i (e) and of row 2i+1 (o), unscaled, one zmm each (AVX-512F/BW callers only).</summary>
    static abstract void LoadPair512(byte* pair, out Vector512<float> e, out Vector512<float> o);
}

internal readonly unsafe struct F32Panel : IPanelFormat
{
    public static bool Scaled => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* pair, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var f = (float*)pair;
        e0 = Vector256.Load(f);
        e1 = Vector256.Load(f + 8);
        o0 = Vector256.Load(f + 16);
        o1 = Vector256.Load(f + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* pair, out Vector512<float> e, out Vector512<float> o)
    {
        var f = (float*)pair;
        e = Vector512.Load(f);
        o = Vector512.Load(f + 16);
    }
}

/// <summary>bf16 → fp32 is a 16-bit left shift: zero-extend each 16-bit pattern into a 32-bit lane, shift, reinterpret.</summary>
internal readonly unsafe struct Bf16Panel : IPanelFormat
{
    public static bool Scaled => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* pair, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var h = (ushort*)pair;
        e0 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h), 16).AsSingle();
        e1 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 8), 16).AsSingle();
        o0 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 16), 16).AsSingle();
        o1 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(h + 24), 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* pair, out Vector512<float> e, out Vector512<float> o)
    {
        var h = (ushort*)pair;
        e = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(h)), 16).AsSingle();
        o = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(h + 16)), 16).AsSingle();
    }
}

/// <summary>int8: sign-extend 8 codes to 8 int32 lanes straight from memory (vpmovsxbd), convert to float.</summary>
internal readonly unsafe struct I8Panel : IPanelFormat
{
    public static bool Scaled => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* pair, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var b = (sbyte*)pair;
        e0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b));
        e1 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b + 8));
        o0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b + 16));
        o1 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b + 24));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* pair, out Vector512<float> e, out Vector512<float> o)
    {
        var b = (sbyte*)pair;
        e = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(b)));
        o = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(b + 16)));
    }
}

/// <summary>
/// int4: each byte sign-extended to an int32 lane holds row 2i in bits 0–3 and row 2i+1 in bits 4–7. Shifting
/// left 28 then arithmetic-right 28 sign-extends the low nibble; arithmetic-right 4 alone gives the high one
/// (the lane is already the sign-extended byte). 16 bytes feed 32 weights.
/// </summary>
internal readonly unsafe struct I4Panel : IPanelFormat
{
    public static bool Scaled => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair(byte* pair, out Vector256<float> e0, out Vector256<float> e1, out Vector256<float> o0, out Vector256<float> o1)
    {
        var b = (sbyte*)pair;
        var x0 = Avx2.ConvertToVector256Int32(b);
        var x1 = Avx2.ConvertToVector256Int32(b + 8);
        e0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x0, 28), 28));
        e1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x1, 28), 28));
        o0 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(x0, 4));
        o1 = Avx.ConvertToVector256Single(Avx2.ShiftRightArithmetic(x1, 4));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(byte* pair, out Vector512<float> e, out Vector512<float> o)
    {
        var x = Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)pair));
        e = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(x, 28), 28));
        o = Avx512F.ConvertToVector512Single(Avx512F.ShiftRightArithmetic(x, 4));
    }
}
