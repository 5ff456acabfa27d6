/**
 * Every machine-readable error code sluice reports (`error.code` in `--json`
 * output, the code part of a Lambda error's `errorType`). A new error class
 * adds its code here, so a code can be matched exhaustively and never by substring.
 */
export type SluiceErrorCode =
  | 'ahead_keys_limit'
  | 'auth_failed'
  | 'catalog_failed'
  | 'concurrent_run'
  | 'config_invalid'
  | 'continuation_limit'
  | 'cursor_bound_invalid'
  | 'cursor_value_invalid'
  | 'cursor_value_missing'
  | 'function_not_found'
  | 'handler_input_invalid'
  | 'http_error'
  | 'jsonpath_invalid'
  | 'manifest_invalid'
  | 'no_sources'
  | 'pagination_loop'
  | 'paginator_invalid'
  | 'parent_field_missing'
  | 'path_value_refused'
  | 'record_unserializable'
  | 'request_past_deadline'
  | 'resource_unknown'
  | 'retry_past_deadline'
  | 'run_conflict'
  | 'run_failed'
  | 'secret_access_denied'
  | 'secret_invalid'
  | 'secret_missing'
  | 'secrets_file_invalid'
  | 'selector_no_match'
  | 'state_change_invalid'
  | 'storage_failed'
  | 'usage';

/** Where a problem lies: `input` (found before any request: exit 2) or `run` (failed against the API or storage: exit 1). */
export type SluiceErrorKind = 'input' | 'run';
