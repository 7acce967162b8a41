namespace MoeBench.Storage.Tests;

/// <summary><c>--db</c> addresses: a path opens SQLite, a PostgreSQL address is recognised and refused for now.</summary>
public sealed class StoreAddressTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose()
    {
        if (Directory.Exists(_temp.Directory))
        {
            Directory.Delete(_temp.Directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("results/moebench.db")]
    [InlineData("/tmp/x/Host.db")]
    [InlineData("./host=1.db")]
    public void A_path_is_a_sqlite_file_by_its_full_path(string text)
    {
        var address = Assert.IsType<SqliteFileAddress>(StoreAddress.Parse(text));

        Assert.Equal(Path.GetFullPath(text), address.Path);
    }

    [Theory]
    [InlineData("postgres://bench:s3cret@db.example/moebench")]
    [InlineData("postgresql://db.example:5432/moebench")]
    [InlineData("POSTGRESQL://db.example/moebench")]
    [InlineData("Host=db.example;Database=moebench;Password=s3cret")]
    [InlineData("Database=moebench; host = db.example")]
    [InlineData("Server=db.example;Database=moebench")]
    public void A_postgresql_address_is_recognised_and_refused_until_its_store_exists_without_echoing_it(string text)
    {
        Assert.IsType<PostgresAddress>(StoreAddress.Parse(text));

        Assert.False(ResultStores.TryOpen(text, StoreOpenMode.CreateIfMissing, out var store, out var error));

        Assert.Null(store);
        Assert.Equal(StoreErrorKind.Unsupported, error.Kind);
        Assert.Contains("PostgreSQL store is not available yet", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_of_an_unknown_scheme_names_the_scheme()
    {
        Assert.False(ResultStores.TryOpen("mysql://db/moebench", StoreOpenMode.CreateIfMissing, out _, out var error));

        Assert.Equal(StoreErrorKind.Unsupported, error.Kind);
        Assert.Contains("'mysql://'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_an_existing_store_never_creates_one()
    {
        Assert.False(ResultStores.TryOpen(_temp.Path, StoreOpenMode.Existing, out _, out var error));

        Assert.Equal(StoreErrorKind.Missing, error.Kind);
        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Path));
    }

    [Fact]
    public void A_writer_creates_the_sqlite_file_and_a_reader_then_opens_it()
    {
        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.CreateIfMissing, out var created, out var error), error?.Message);
        created.Dispose();

        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.Existing, out var opened, out error), error?.Message);
        using (opened)
        {
            Assert.IsType<SqliteResultStore>(opened);
            Assert.Null(opened.LatestRun());
        }
    }
}
