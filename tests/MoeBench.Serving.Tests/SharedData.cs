namespace MoeBench.Serving.Tests;

/// <summary>Real third-party data the tests read in place (never copied into the repo).</summary>
internal static class SharedData
{
    public const string AzureConversationTrace = "/work/shared/data/traces/azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv";
}
