// dispatch_plan: the dispatch of ReferenceOps.DispatchPlan — rows grouped by FFN expert, within an expert in
// (token, slot) order, each expert keeping its first `capacity` rows; offsets[experts + 1] and each slot's row or −1.
// One work-item, because the order within an expert is a sequential scan; `next` is scratch of `ffn_experts` ints.
__kernel void dispatch_plan(
    __global const int* ids, int slots, int ffn_experts, int capacity, __global int* offsets, __global int* next,
    __global int* slot_row)
{
    for (int e = 0; e < ffn_experts; e++)
    {
        next[e] = 0;
    }

    for (int s = 0; s < slots; s++)
    {
        if ((uint)ids[s] < (uint)ffn_experts)
        {
            next[ids[s]]++;
        }
    }

    offsets[0] = 0;
    for (int e = 0; e < ffn_experts; e++)
    {
        offsets[e + 1] = offsets[e] + min(next[e], capacity);
        next[e] = offsets[e];
    }

    for (int s = 0; s < slots; s++)
    {
        const int e = ids[s];
        slot_row[s] = (uint)e < (uint)ffn_experts && next[e] < offsets[e + 1] ? next[e]++ : -1;
    }
}
