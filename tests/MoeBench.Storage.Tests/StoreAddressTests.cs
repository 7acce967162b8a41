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
        Assert.False(ResultStores.TryOpen(_temp.Path, StoreOpenMode.ReadOnly, out _, out var error));

        Assert.Equal(StoreErrorKind.Missing, error.Kind);
        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Path));
    }

    [Fact]
    public void A_writer_creates_the_sqlite_file_and_a_reader_then_opens_it()
    {
        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.CreateIfMissing, out var created, out var error), error?.Message);
        created.Dispose();

        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.ReadOnly, out var opened, out error), error?.Message);
        using (opened)
        {
            Assert.IsType<SqliteResultStore>(opened);
            Assert.Null(opened.LatestRun());
        }
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        var folder = Path.GetDirectoryName(_temp.Path)!;
        Directory.CreateDirectory(folder);
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(_temp.Path, bytes);

        foreach (var mode in new[] { StoreOpenMode.CreateIfMissing, StoreOpenMode.ReadOnly })
        {
            Assert.False(ResultStores.TryOpen(_temp.Path, mode, out var store, out var error));

            Assert.Null(store);
            Assert.Equal(StoreErrorKind.Unreadable, error.Kind);
            Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(bytes, File.ReadAllBytes(_temp.Path));
        Assert.Equal([Path.GetFileName(_temp.Path)], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_directory_given_as_the_database_is_named_as_one()
    {
        Directory.CreateDirectory(_temp.Path);

        Assert.False(ResultStores.TryOpen(_temp.Path, StoreOpenMode.ReadOnly, out _, out var error));

        Assert.Equal(StoreErrorKind.Unreadable, error.Kind);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_writes_nothing_to_the_store_it_reads()
    {
        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.CreateIfMissing, out var created, out var error), error?.Message);
        created.Dispose();
        var before = File.ReadAllBytes(_temp.Path);
        var modified = File.GetLastWriteTimeUtc(_temp.Path);

        Assert.True(ResultStores.TryOpen(_temp.Path, StoreOpenMode.ReadOnly, out var reader, out error), error?.Message);
        using (reader)
        {
            Assert.Null(reader.LatestRun());
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => reader.BeginRun(SampleData.Context()));
        }

        Assert.Equal(before, File.ReadAllBytes(_temp.Path));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(_temp.Path));
    }
}
