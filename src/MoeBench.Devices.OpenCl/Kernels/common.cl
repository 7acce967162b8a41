// Shared by every kernel file (compiled first, the files form one program). OpenCL C 1.2: no generic address space,
// so every pointer names its space (PoCL 3.1 lacks __opencl_c_generic_address_space, which is why ILGPU refuses it).

// Side of the square output tile each GEMM work-group computes, one element per work-item, through TILE × TILE tiles
// of A and B in local memory: 256 work-items, which the device's CL_DEVICE_MAX_WORK_GROUP_SIZE must allow (checked
// when the device opens). The 16×16 tiled SGEMM is the figure shared/reference/this-machine.md gives for PoCL.
#define TILE 16

// Weight formats of quant_grouped_gemm's per-group descriptors (OpenClWeights.Format on the host).
#define FORMAT_F32 0
#define FORMAT_BF16 1
#define FORMAT_I8 2
#define FORMAT_I4 3
