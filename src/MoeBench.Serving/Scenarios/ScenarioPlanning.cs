using MoeBench.Core.Cases;
using MoeBench.Core.Models;

namespace MoeBench.Serving.Scenarios;

/// <summary>
/// What a scenario case asks for that no run could serve, found before anything runs: each parameter alone is checked
/// by the suite loader, but drawn prompt and output lengths that together pass the model's context are only wrong in
/// combination with the model — a run would store a failed case for what is a mistake in the suite.
/// </summary>
public static class ScenarioPlanning
{
    /// <summary>Why the case cannot be served, or null.</summary>
    public static string? Problem(CaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var settings = ScenarioSettings.Read(spec);
        if (settings.Source is not DrawnRequests drawn || drawn.Prompt.Max + drawn.Output.Max is not { } longest)
        {
            return null;
        }

        var context = ModelZoo.Get(settings.Engine.Model).ContextTokens;
        return longest > context
            ? $"prompt_lengths {drawn.Prompt.Text} and output_lengths {drawn.Output.Text} reach {longest} tokens, more than {settings.Engine.Model}'s context of {context}"
            : null;
    }
}
