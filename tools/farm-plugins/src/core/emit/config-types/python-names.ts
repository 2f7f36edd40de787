/**
 * Python and pydantic names a config key must not take as a field name in a generated model
 * (emit-pydantic-config.ts aliases such keys). TypeScript cannot ask Python at build time, so
 * the lists are copied here and python-names.spec.ts checks them against the workspace's
 * .venv: when pydantic or Python gains a name, that spec fails until the name is added.
 * Names starting with `_` are left out: the emitter aliases every such key anyway.
 */

/**
 * `dir(pydantic.BaseModel)` on pydantic 2.14, without `_` names, plus `Config`: pydantic reads
 * a class attribute of that name as v1-style config ("Config" and "model_config" cannot be
 * used together), although BaseModel itself has none.
 */
export const pydanticModelNames: readonly string[] = [
  'Config',
  'construct',
  'copy',
  'dict',
  'from_orm',
  'json',
  'model_computed_fields',
  'model_config',
  'model_construct',
  'model_copy',
  'model_dump',
  'model_dump_json',
  'model_extra',
  'model_fields',
  'model_fields_set',
  'model_json_schema',
  'model_parametrized_name',
  'model_post_init',
  'model_rebuild',
  'model_validate',
  'model_validate_json',
  'model_validate_strings',
  'parse_file',
  'parse_obj',
  'parse_raw',
  'schema',
  'schema_json',
  'update_forward_refs',
  'validate',
];

/**
 * `dir(builtins)` on Python 3.11, without `_` names. All of them, not only the few the class
 * bodies use today: pydantic resolves annotations in the class namespace, so a field named like
 * a builtin an annotation uses breaks the class, and which builtins are used changes with the
 * emitter.
 */
export const pythonBuiltins: readonly string[] = (
  'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError ' +
  'BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError ' +
  'DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError ' +
  'FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError ' +
  'InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None ' +
  'NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ' +
  'ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration ' +
  'SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError ' +
  'UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError ' +
  'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits ' +
  'delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input ' +
  'int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit ' +
  'range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'
).split(' ');

/**
 * `keyword.softkwlist` on Python 3.11 (`_`, `case`, `match`) and `type`, a soft keyword since
 * 3.12. Legal field names, but aliased so the model reads the same on any Python.
 */
export const pythonSoftKeywords: readonly string[] = ['_', 'case', 'match', 'type'];
