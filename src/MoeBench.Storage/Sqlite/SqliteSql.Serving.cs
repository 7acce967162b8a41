namespace MoeBench.Storage;

/// <summary>The serving tables of migration 9: a serving result's per-request records and step timeline.</summary>
internal static partial class SqliteSql
{
    public const string InsertServingRun = "INSERT INTO serving_runs (result_id, kv_blocks_total) VALUES (@ResultId, @KvBlocksTotal);";

    public const string InsertServingRequest = """
        INSERT INTO serving_requests (result_id, request_id, arrival_s, prompt_tokens, output_tokens, first_token_s,
                                      finish_s, token_times, preemptions, prefix_tokens_reused, warmup)
        VALUES (@ResultId, @RequestId, @ArrivalS, @PromptTokens, @OutputTokens, @FirstTokenS,
                @FinishS, @TokenTimes, @Preemptions, @PrefixTokensReused, @Warmup);
        """;

    public const string InsertServingStep = """
        INSERT INTO serving_steps (result_id, step_index, start_s, end_s, prefill_tokens, decode_tokens,
                                   running_requests, waiting_requests, kv_blocks_used)
        VALUES (@ResultId, @StepIndex, @StartS, @EndS, @PrefillTokens, @DecodeTokens,
                @RunningRequests, @WaitingRequests, @KvBlocksUsed);
        """;

    public const string GetServingRun = "SELECT kv_blocks_total FROM serving_runs WHERE result_id = @ResultId;";

    public const string GetServingRequests = """
        SELECT result_id AS ResultId, request_id AS RequestId, arrival_s AS ArrivalS, prompt_tokens AS PromptTokens,
               output_tokens AS OutputTokens, first_token_s AS FirstTokenS, finish_s AS FinishS, token_times AS TokenTimes,
               preemptions AS Preemptions, prefix_tokens_reused AS PrefixTokensReused, warmup AS Warmup
        FROM serving_requests
        WHERE result_id = @ResultId
        ORDER BY request_id;
        """;

    public const string GetServingSteps = """
        SELECT result_id AS ResultId, step_index AS StepIndex, start_s AS StartS, end_s AS EndS,
               prefill_tokens AS PrefillTokens, decode_tokens AS DecodeTokens, running_requests AS RunningRequests,
               waiting_requests AS WaitingRequests, kv_blocks_used AS KvBlocksUsed
        FROM serving_steps
        WHERE result_id = @ResultId
        ORDER BY step_index;
        """;
}
