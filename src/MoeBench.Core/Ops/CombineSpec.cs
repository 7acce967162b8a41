namespace MoeBench.Core.Ops;

/// <summary>
/// Which router outputs are FFN experts and which are MoE++ zero-computation experts. Ids run
/// [0, FfnExperts) FFN, then <see cref="ZeroExperts"/> zero experts (contribute nothing), then
/// <see cref="CopyExperts"/> copy experts (contribute their input), then <see cref="ConstExperts"/> constant
/// experts (contribute a learned vector each).
/// </summary>
public sealed record CombineSpec(int FfnExperts, int ZeroExperts = 0, int CopyExperts = 0, int ConstExperts = 0)
{
    public int TotalExperts => FfnExperts + ZeroExperts + CopyExperts + ConstExperts;

    public int FirstCopy => FfnExperts + ZeroExperts;

    public int FirstConst => FfnExperts + ZeroExperts + CopyExperts;
}
