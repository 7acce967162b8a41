namespace MoeBench.Cli.Tests;

/// <summary>
/// A tiny suite for the commands that gate: eight cases over five ops (the gate estimates machine drift from eight),
/// each a few milliseconds.
/// </summary>
internal static class EightCaseSuite
{
    /// <param name="rounds">2 for bookkeeping; 6, the fewest a pair measured in turns is judged round by round with.</param>
    public static string Yaml(string name, int rounds) => $$"""
        name: {{name}}
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 6, max_samples: 12, min_time_ms: 10, max_time_ms: 40, seed: 7, rounds: {{rounds}}}
        cases:
          - kernel: grouped_gemm
            params: {model: olmoe-1b-7b@1/16, tokens: [5, 9], proj: [up, down]}
          - kernel: gemm
            params: {m: 7, n: 17, k: 9}
          - kernel: swiglu
            params: {rows: 16, ffn: 64}
          - kernel: rmsnorm
            params: {rows: 16, hidden: 64}
          - kernel: unpermute
            params: {model: olmoe-1b-7b@1/16, tokens: 9}
        """;
}
