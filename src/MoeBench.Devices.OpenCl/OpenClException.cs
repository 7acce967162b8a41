namespace MoeBench.Devices.OpenCl;

/// <summary>An OpenCL call that returned an error code, named with the call and the code's name.</summary>
public sealed class OpenClException : Exception
{
    public OpenClException()
    {
    }

    public OpenClException(string message)
        : base(message)
    {
    }

    public OpenClException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public OpenClException(string call, int code)
        : base($"{call} failed with {ClCall.CodeName(code)} ({code})") => Code = code;

    /// <summary>The OpenCL error code; 0 where the failure was not an error code (a build log, say).</summary>
    public int Code { get; }
}
