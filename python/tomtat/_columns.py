"""Python inputs to the native module: lists of ``str`` pass through; pyarrow arrays,
chunked arrays and pandas Series become ``ArrowText`` from their buffers (one copy of each
buffer, no Python call per element)."""

from typing import Any

from . import _tomtat


def _is_arrow(x: Any) -> bool:
    return type(x).__module__.split(".")[0] == "pyarrow"


def _is_pandas(x: Any) -> bool:
    return type(x).__module__.split(".")[0] == "pandas"


def numbers(values: Any, name: str) -> list:
    """``values`` (a sequence of numbers, a NumPy array, a pandas Series or an Arrow array) as
    a list of ``float``; a null or a value that is not a number is an error naming its
    position (the native module checks range and finiteness)."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name}: expected a sequence of numbers, got {type(values).__name__}")
    if _is_arrow(values):
        values = values.to_pylist()
    elif _is_pandas(values) or hasattr(values, "tolist"):
        values = values.tolist()
    out = []
    for i, v in enumerate(values):
        if v is None or isinstance(v, (str, bytes, bool)):
            raise ValueError(f"{name}[{i}]: expected a number, got {v!r}")
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise ValueError(f"{name}[{i}]: expected a number, got {v!r}") from None
    return out


def _first_null(arr: Any) -> int:
    for i, valid in enumerate(arr.is_valid().to_pylist()):
        if not valid:
            return i
    return -1


def _arrow_strings(
    arr: Any, name: str, lists: Any = None, lists_offset: int = 0, lists_length: int = 0
) -> Any:
    import pyarrow as pa

    if arr.null_count:
        raise ValueError(f"{name}[{_first_null(arr)}]: is null (expected str)")
    if pa.types.is_string_view(arr.type) if hasattr(pa.types, "is_string_view") else False:
        arr = arr.cast(pa.large_string())
    if pa.types.is_string(arr.type):
        wide = False
    elif pa.types.is_large_string(arr.type):
        wide = True
    else:
        raise TypeError(f"{name}: expected an Arrow string column, got {arr.type}")
    _, offsets, data = arr.buffers()
    return _tomtat.ArrowText(
        name,
        offsets.to_pybytes() if offsets is not None else b"\0" * (8 if wide else 4),
        data.to_pybytes() if data is not None else b"",
        arr.offset,
        len(arr),
        wide,
        lists,
        lists_offset,
        lists_length,
    )


def _plain(x: Any) -> Any:
    """``x`` decoded if dictionary-encoded (categorical columns, Ray's ``read_parquet``) and
    compacted if a slice, so that only the slice's bytes are copied (a slice's buffers are
    its parent's: copying them made scoring slices of a large array quadratic)."""
    import pyarrow as pa

    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks()
    if pa.types.is_dictionary(x.type):
        x = x.dictionary_decode()
    if x.offset or _is_list(x) and len(x.values) > 0 and x.offsets[0].as_py() != 0:
        x = pa.concat_arrays([x])
    return x


def _is_list(x: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_list(x.type) or pa.types.is_large_list(x.type)


def _arrow(x: Any, name: str, allow_lists: bool) -> Any:
    import pyarrow as pa

    x = _plain(x)
    if allow_lists and _is_list(x):
        if x.null_count:
            raise ValueError(f"{name}[{_first_null(x)}]: is null (expected a list of str)")
        if pa.types.is_large_list(x.type):
            x = x.cast(pa.list_(x.type.value_type))
        values = x.values
        if pa.types.is_dictionary(values.type):
            values = values.dictionary_decode()
        lists = x.buffers()[1].to_pybytes()
        return _arrow_strings(values, f"{name} values", lists, x.offset, len(x))
    return _arrow_strings(x, name)


def _column(x: Any, name: str, allow_lists: bool) -> Any:
    if isinstance(x, (list, tuple)):
        return x
    if _is_arrow(x):
        return _arrow(x, name, allow_lists)
    if _is_pandas(x):
        return _pandas(x, name, allow_lists)
    if isinstance(x, str):
        raise TypeError(f"{name}: expected a sequence, got one str")
    return list(x)


def texts(x: Any, name: str) -> Any:
    """A column of texts for the native module."""
    return _column(x, name, allow_lists=False)


def reference_sets(x: Any, name: str) -> Any:
    """A column of references (one str or a list of str each) for the native module."""
    return _column(x, name, allow_lists=True)


def _pandas(x: Any, name: str, allow_lists: bool) -> Any:
    dtype = str(getattr(x, "dtype", ""))
    if "pyarrow" in dtype or dtype in ("string", "str"):
        try:
            import pyarrow as pa

            return _arrow(pa.array(x), name, allow_lists)
        except ImportError:
            pass
    return x.tolist()
