using System.Text;
using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl;

/// <summary>Error checking and the info queries of the OpenCL API, in one place so every call site stays one line.</summary>
internal static unsafe class ClCall
{
    /// <summary>CL_PLATFORM_NOT_FOUND_KHR: the ICD loader is there but no driver (ICD) is registered.</summary>
    public const int PlatformNotFound = -1001;

    public static void Check(int code, string call)
    {
        if (code != 0)
        {
            throw new OpenClException(call, code);
        }
    }

    public static string CodeName(int code) => Enum.IsDefined(typeof(ErrorCodes), code) ? ((ErrorCodes)code).ToString() : "an unknown error";

    public static nint[] Platforms(CL cl)
    {
        uint count;
        var code = cl.GetPlatformIDs(0, null, &count);
        if (code == PlatformNotFound || (code == 0 && count == 0))
        {
            return [];
        }

        Check(code, "clGetPlatformIDs");
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            Check(cl.GetPlatformIDs(count, p, null), "clGetPlatformIDs");
        }

        return platforms;
    }

    public static nint[] Devices(CL cl, nint platform)
    {
        uint count;
        var code = cl.GetDeviceIDs(platform, DeviceType.All, 0, null, &count);
        if (code == (int)ErrorCodes.DeviceNotFound)
        {
            return [];
        }

        Check(code, "clGetDeviceIDs");
        var devices = new nint[count];
        fixed (nint* d = devices)
        {
            Check(cl.GetDeviceIDs(platform, DeviceType.All, count, d, null), "clGetDeviceIDs");
        }

        return devices;
    }

    public static string PlatformString(CL cl, nint platform, PlatformInfo info)
    {
        nuint size;
        Check(cl.GetPlatformInfo(platform, info, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            Check(cl.GetPlatformInfo(platform, info, size, b, null), "clGetPlatformInfo");
        }

        return Text(bytes);
    }

    public static string DeviceString(CL cl, nint device, DeviceInfo info)
    {
        nuint size;
        Check(cl.GetDeviceInfo(device, info, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            Check(cl.GetDeviceInfo(device, info, size, b, null), "clGetDeviceInfo");
        }

        return Text(bytes);
    }

    /// <summary>A scalar device property: cl_uint, cl_ulong, size_t or a bit field, as <typeparamref name="T"/>.</summary>
    public static T DeviceValue<T>(CL cl, nint device, DeviceInfo info)
        where T : unmanaged
    {
        T value;
        Check(cl.GetDeviceInfo(device, info, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }

    public static void Arg<T>(CL cl, nint kernel, uint index, T value)
        where T : unmanaged =>
        Check(cl.SetKernelArg(kernel, index, (nuint)sizeof(T), &value), "clSetKernelArg");

    /// <summary>A NUL-terminated string, trimmed (drivers pad names with spaces).</summary>
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
}
