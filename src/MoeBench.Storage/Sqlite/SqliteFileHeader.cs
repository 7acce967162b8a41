namespace MoeBench.Storage;

/// <summary>
/// Whether a file is a SQLite database, from its first 16 bytes ("SQLite format 3\0", sqlite.org/fileformat.html
/// §1.3), read without SQLite so that a file that is something else is never opened, journalled or written. An empty
/// file is a database SQLite has not written yet.
/// </summary>
internal static class SqliteFileHeader
{
    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    public static bool IsDatabase(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
        {
            return true;
        }

        Span<byte> header = stackalloc byte[16];
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(Magic);
    }
}
