// grouped_tiles: the work list of the grouped GEMMs. Rows offsets[g]..offsets[g+1] belong to group g; each group's
// rows are cut into TILE-row tiles, listed as (group, first row). The list has room for every tile the host can bound
// (total rows / TILE + groups) without reading the offsets back; entries past the last tile get group −1 and their
// work-groups return at once. One work-item: a few hundred groups at most, against a GEMM that follows.
__kernel void grouped_tiles(__global const int* offsets, int groups, __global int2* tiles, int capacity)
{
    int t = 0;
    for (int g = 0; g < groups; g++)
    {
        for (int r = offsets[g]; r < offsets[g + 1] && t < capacity; r += TILE)
        {
            tiles[t++] = (int2)(g, r);
        }
    }

    for (; t < capacity; t++)
    {
        tiles[t] = (int2)(-1, 0);
    }
}
