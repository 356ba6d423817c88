using System.Runtime.InteropServices;
using System.Text;

namespace Kiln.Onnx.Native;

/// <summary>
/// Null-terminated UTF-8 names in one native block, with an array of pointers to them, so Run can hand ORT
/// <c>const char* const*</c> without encoding or pinning anything per call.
/// </summary>
internal sealed unsafe class NativeNameTable
{
    private byte** _pointers;

    public NativeNameTable(IReadOnlyList<string> names)
    {
        Count = names.Count;
        var textBytes = 0;
        foreach (var name in names)
        {
            textBytes += Encoding.UTF8.GetByteCount(name) + 1;
        }

        var pointerBytes = (nuint)(Count * sizeof(byte*));
        var block = (byte*)NativeMemory.Alloc(pointerBytes + (nuint)textBytes);
        _pointers = (byte**)block;
        var text = block + pointerBytes;
        for (var i = 0; i < Count; i++)
        {
            var written = Encoding.UTF8.GetBytes(names[i], new Span<byte>(text, textBytes));
            text[written] = 0;
            _pointers[i] = text;
            text += written + 1;
            textBytes -= written + 1;
        }
    }

    public int Count { get; }

    /// <summary>The pointer array; valid until <see cref="Free"/>.</summary>
    public byte** Pointers => _pointers;

    public void Free()
    {
        NativeMemory.Free(_pointers);
        _pointers = null;
    }
}
