using MoeBench.Cli;

return await MoeBenchCli.Build().RunAsync(args).ConfigureAwait(false);
