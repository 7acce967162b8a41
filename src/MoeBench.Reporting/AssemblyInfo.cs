[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MoeBench.Reporting.Tests")]
