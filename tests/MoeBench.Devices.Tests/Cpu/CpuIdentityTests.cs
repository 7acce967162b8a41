using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Tests.Cpu;

public sealed class CpuIdentityTests
{
    [Fact]
    public void The_identity_carries_vendor_family_model_stepping_and_microcode_from_cpuinfo()
    {
        string[] block =
        [
            "processor\t: 0",
            "vendor_id\t: AuthenticAMD",
            "cpu family\t: 25",
            "model\t\t: 17",
            "model name\t: AMD EPYC",
            "stepping\t: 1",
            "microcode\t: 0x1000065",
        ];

        Assert.Equal("AMD EPYC (AuthenticAMD family 25 model 17 stepping 1, microcode 0x1000065)", CpuIdentity.Describe(block));
    }

    [Fact]
    public void Fields_a_vm_hides_are_marked_unknown_and_a_block_without_a_vendor_is_its_name()
    {
        Assert.Equal(
            "AMD EPYC (AuthenticAMD family 26 model 2 stepping ?, microcode ?)",
            CpuIdentity.Describe(["vendor_id : AuthenticAMD", "cpu family : 26", "model : 2", "model name : AMD EPYC"]));
        Assert.Equal("Neoverse", CpuIdentity.Describe(["model name : Neoverse"]));
    }
}
