//! `mentionmap._mentionmap`: the Python module over the mentionmap library.
//!
//! A thin shell, like the CLI: mentions come from [`Geoparser`], their dicts from the JSON
//! Lines writer ([`write_mentions_json`], read back with Python's `json.loads`) and their
//! Arrow form from [`MentionsBuilder`], so Python sees exactly the keys and values the CLI
//! writes. Geoparsing runs with the GIL released, across a rayon pool. Nothing may unwind
//! into Python: every call into the library runs under `catch_unwind`, and bad arguments
//! are `ValueError` / `TypeError` naming what is wrong.

use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch};
use arrow_pyarrow::{FromPyArrow, IntoPyArrow, Table, ToPyArrow};
use arrow_schema::{DataType, Schema};
use mentionmap::export::arrow::{mentions_field, MentionsBuilder, MENTIONS_COLUMN};
use mentionmap::export::write_mentions_json;
use mentionmap::gazetteer::PlaceRow;
use mentionmap::{Gazetteer, Geoparser, Mention, ParseOptions};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use rayon::prelude::*;

/// Geoparsing makes many small, short-lived allocations (names, passages); mimalloc serves
/// them faster than the system allocator, as in the CLI. It serves only this module's Rust
/// code: Python and pyarrow keep their own allocators, and every buffer handed to pyarrow
/// is freed through the release callback of the Arrow C data interface, by this module.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Texts longer than this are geoparsed in windows of this size, as the CLI does.
const WINDOW_BYTES: usize = 1 << 20;

/// Rows of an Arrow batch geoparsed at a time: their mentions are appended to the column
/// and dropped before the next slice, so memory stays bounded for any batch size.
const ARROW_SLICE_ROWS: usize = 2048;

/// The bundled gazetteer, or a `RuntimeError` saying why it cannot be read.
fn gazetteer() -> PyResult<&'static Gazetteer> {
    Gazetteer::try_bundled()
        .map_err(|e| PyRuntimeError::new_err(format!("the bundled gazetteer cannot be read: {e}")))
}

/// Runs `f`, turning a panic into a `RuntimeError` instead of unwinding into Python.
fn guarded<T>(what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        Err(PyRuntimeError::new_err(format!(
            "mentionmap failed while {what} ({why}); this is a bug, please report it"
        )))
    })
}

/// A geoparser with the given options; `min_score` must be a number.
fn parser(demonyms: bool, min_score: f64) -> PyResult<Geoparser<'static>> {
    if min_score.is_nan() {
        return Err(PyValueError::new_err("min_score must be a number, not NaN"));
    }
    Ok(Geoparser::with_options(
        gazetteer()?,
        ParseOptions {
            demonyms,
            min_score: min_score as f32,
        },
    ))
}

/// Every mention in `text`, as the CLI finds them (windowed past [`WINDOW_BYTES`]).
fn mentions_of(parser: &Geoparser<'_>, text: &str) -> Vec<Mention> {
    let mut mentions = Vec::new();
    parser.for_each_mention_windowed(text, WINDOW_BYTES, |m| {
        mentions.push(m);
        ControlFlow::Continue(())
    });
    mentions
}

/// The JSON array of a text's mentions, as the CLI's JSON Lines record holds it.
fn mentions_json(parser: &Geoparser<'_>, text: &str) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    write_mentions_json(&mut out, &mentions_of(parser, text))
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the mentions: {e}")))?;
    Ok(out)
}

/// Python's `json.loads` of the bytes: the list of mention dicts.
fn loads<'py>(py: Python<'py>, json: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?
        .getattr("loads")?
        .call1((PyBytes::new(py, json),))
}

/// A rayon pool of `threads` threads, or `None` for the global pool (every core).
fn pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        None => Ok(None),
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}"))),
    }
}

/// Runs `f` in `pool`, or in the global pool when there is none.
fn in_pool<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// The place mentions of one text, as the CLI's JSON Lines mention objects.
#[pyfunction]
#[pyo3(signature = (text, *, date=None, demonyms=true, min_score=0.0))]
fn parse<'py>(
    py: Python<'py>,
    text: &str,
    date: Option<&str>,
    demonyms: bool,
    min_score: f64,
) -> PyResult<Bound<'py, PyAny>> {
    // The date is the article's metadata; resolution does not use it (nor does the CLI).
    let _ = date;
    let parser = parser(demonyms, min_score)?;
    let json = py.detach(|| guarded("parsing a text", || mentions_json(&parser, text)))?;
    loads(py, &json)
}

/// The mentions of each text, geoparsed in parallel with the GIL released.
#[pyfunction]
#[pyo3(signature = (texts, *, threads=None, demonyms=true, min_score=0.0))]
fn parse_many<'py>(
    py: Python<'py>,
    texts: Vec<Option<String>>,
    threads: Option<usize>,
    demonyms: bool,
    min_score: f64,
) -> PyResult<Bound<'py, PyList>> {
    let parser = parser(demonyms, min_score)?;
    let pool = pool(threads)?;
    let jsons: Vec<PyResult<Vec<u8>>> = py.detach(|| {
        guarded("parsing texts", || {
            Ok(in_pool(pool.as_ref(), || {
                texts
                    .par_iter()
                    .with_max_len(1)
                    .map(|text| mentions_json(&parser, text.as_deref().unwrap_or("")))
                    .collect()
            }))
        })
    })?;
    let out = PyList::empty(py);
    for json in jsons {
        out.append(loads(py, &json?)?)?;
    }
    Ok(out)
}

/// Where the text column is, checked: present, a string column, and no `mentions` yet.
fn text_column_index(schema: &Schema, text_column: &str) -> PyResult<usize> {
    let Ok(index) = schema.index_of(text_column) else {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        return Err(PyValueError::new_err(format!(
            "no column named {text_column:?} (columns: {}); pass text_column=",
            names.join(", ")
        )));
    };
    match schema.field(index).data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {}
        other => {
            return Err(PyTypeError::new_err(format!(
                "column {text_column:?} is {other}, expected a string column"
            )))
        }
    }
    if schema.index_of(MENTIONS_COLUMN).is_ok() {
        return Err(PyValueError::new_err(format!(
            "the data already has a column named {MENTIONS_COLUMN:?}; drop or rename it first"
        )));
    }
    Ok(index)
}

/// The text in row `row` of a string column; `""` when null.
fn text_at(column: &dyn Array, row: usize) -> &str {
    if column.is_null(row) {
        return "";
    }
    match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().value(row),
        DataType::LargeUtf8 => column.as_string::<i64>().value(row),
        DataType::Utf8View => column.as_string_view().value(row),
        _ => "",
    }
}

/// The `mentions` column for a text column, geoparsed slice by slice across the pool.
fn mentions_column(
    parser: &Geoparser<'_>,
    texts: &dyn Array,
    passages: bool,
    pool: Option<&rayon::ThreadPool>,
) -> PyResult<ListArray> {
    let mut builder = MentionsBuilder::new(passages);
    let rows: Vec<usize> = (0..texts.len()).collect();
    for slice in rows.chunks(ARROW_SLICE_ROWS) {
        let found: Vec<Vec<Mention>> = in_pool(pool, || {
            slice
                .par_iter()
                .with_max_len(1)
                .map(|&row| mentions_of(parser, text_at(texts, row)))
                .collect()
        });
        for mentions in &found {
            builder
                .append(mentions)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
        }
    }
    builder
        .finish()
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The batch with its `mentions` column added last.
fn with_mentions(
    batch: &RecordBatch,
    schema: &Arc<Schema>,
    text: usize,
    parser: &Geoparser<'_>,
    passages: bool,
    pool: Option<&rayon::ThreadPool>,
) -> PyResult<RecordBatch> {
    let column = mentions_column(parser, batch.column(text).as_ref(), passages, pool)?;
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    columns.push(Arc::new(column));
    RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The input's schema with `mentions` added last.
fn output_schema(input: &Schema, passages: bool) -> Arc<Schema> {
    let mut fields: Vec<_> = input.fields().iter().cloned().collect();
    fields.push(Arc::new(mentions_field(passages)));
    Arc::new(Schema::new_with_metadata(fields, input.metadata().clone()))
}

/// A `pyarrow.Table` or `RecordBatch` with a `mentions` column added.
#[pyfunction]
#[pyo3(signature = (data, text_column="text", *, threads=None, demonyms=true, min_score=0.0, passages=false))]
fn parse_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    text_column: &str,
    threads: Option<usize>,
    demonyms: bool,
    min_score: f64,
    passages: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let parser = parser(demonyms, min_score)?;
    let pool = pool(threads)?;
    let pyarrow = py.import("pyarrow").map_err(|e| {
        PyTypeError::new_err(format!(
            "parse_arrow needs pyarrow (pip install pyarrow): {e}"
        ))
    })?;
    if data.is_instance(&pyarrow.getattr("RecordBatch")?)? {
        let batch = RecordBatch::from_pyarrow_bound(data)?;
        let text = text_column_index(&batch.schema(), text_column)?;
        let schema = output_schema(&batch.schema(), passages);
        let out = py.detach(|| {
            guarded("parsing a record batch", || {
                with_mentions(&batch, &schema, text, &parser, passages, pool.as_ref())
            })
        })?;
        return out.to_pyarrow(py);
    }
    if data.is_instance(&pyarrow.getattr("Table")?)? {
        let (batches, input_schema) = Table::from_pyarrow_bound(data)?.into_inner();
        let text = text_column_index(&input_schema, text_column)?;
        let schema = output_schema(&input_schema, passages);
        let out = py.detach(|| {
            guarded("parsing a table", || {
                batches
                    .iter()
                    .map(|b| with_mentions(b, &schema, text, &parser, passages, pool.as_ref()))
                    .collect::<PyResult<Vec<_>>>()
            })
        })?;
        let table =
            Table::try_new(out, schema).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        return table.into_pyarrow(py);
    }
    Err(PyTypeError::new_err(format!(
        "parse_arrow takes a pyarrow.Table or pyarrow.RecordBatch, not {}",
        data.get_type().name()?
    )))
}

/// What the gazetteer knows for a name: the rows of `mentionmap places --format jsonl`
/// ([`PlaceRow`], the CLI's own definition), read back with `json.loads`.
#[pyfunction]
fn places<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let g = gazetteer()?;
    let json = guarded("looking a name up", || {
        let rows: Vec<PlaceRow<'_>> = g.lookup(name).iter().map(|p| PlaceRow::new(g, p)).collect();
        serde_json::to_vec(&rows)
            .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the places: {e}")))
    })?;
    loads(py, &json)
}

/// The native module; `mentionmap/__init__.py` re-exports it.
#[pymodule]
fn _mentionmap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(parse_many, m)?)?;
    m.add_function(wrap_pyfunction!(parse_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(places, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
