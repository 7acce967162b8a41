namespace MoeBench.Devices.Layers;

/// <summary>Told when each phase of a layer forward has been submitted; a profiler synchronises the device and reads its clock.</summary>
public interface ILayerPhaseObserver
{
    void PhaseSubmitted(string phase, bool isGemm);
}
