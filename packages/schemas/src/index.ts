/**
 * `@csc-workforce/schemas`: the zod schemas of everything on the wire, and the quarterly return's
 * validation rules, shared by the API and the portal so that both say exactly the same thing.
 *
 * @packageDocumentation
 */

// Reading raw figures (form inputs, CSV/XLSX cells).
export { type ParsedFigure, parseFigure } from './coerce.js';
// An example return (documentation, demos, tests).
export { EXAMPLE_RETURN } from './example.js';
// API error bodies (RFC 9457).
export {
  describeProblemError,
  formatZodIssues,
  type IssueFormatOptions,
  issuesToProblemErrors,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  type Problem,
  type ProblemError,
  type ProblemOptions,
  problem,
  problemErrorSchema,
  problemSchema,
  validationProblem,
} from './problem.js';
// Users, regions, authorities, periods and the return envelope.
export {
  AUTHORITY_ROLES,
  type Authority,
  authorityCodeSchema,
  authoritySchema,
  type CollectionPeriod,
  emailSchema,
  isAuthorityRole,
  MAX_VERSION,
  type NewUser,
  newUserSchema,
  periodIdSchema,
  periodSchema,
  periodStatusSchema,
  REGIONS,
  RETURN_STATUS_LABELS,
  RETURN_STATUSES,
  type Region,
  type ReturnEnvelope,
  type ReturnReview,
  type ReturnStatus,
  type ReturnUpdate,
  ROLE_LABELS,
  ROLES,
  type Role,
  regionCodeSchema,
  regionSchema,
  returnEnvelopeSchema,
  returnedReasonSchema,
  returnReviewSchema,
  returnStatusSchema,
  returnUpdateSchema,
  roleSchema,
  type User,
  userIdSchema,
  userSchema,
} from './reference.js';
// The quarterly return's figures: field table, CSV columns and wire schema.
export {
  COMMENT_COLUMN,
  COMMENT_MAX_LENGTH,
  columnForField,
  commentSchema,
  type FieldKind,
  type FieldSplit,
  FORM_ORDER,
  fieldForColumn,
  fieldsInGroup,
  figuresFromRecord,
  getReturnField,
  isFigureField,
  isWholeNumberKind,
  MAXIMUM_BY_KIND,
  type RawReturnFigures,
  REQUIRED_FIELDS,
  RETURN_CSV_COLUMNS,
  RETURN_FIELDS,
  RETURN_GROUPS,
  RETURN_SPLITS,
  type RecordFigures,
  type ReturnField,
  type ReturnFieldName,
  type ReturnFigures,
  type ReturnGroupId,
  returnFiguresSchema,
  toCamelCase,
  toSnakeCase,
} from './return.js';
// The validation rules.
export {
  getRule,
  type Issue,
  isRuleCode,
  RULES,
  type RuleCode,
  type RuleDefinition,
  type RuleField,
  type RuleStage,
  type Severity,
  THRESHOLDS,
  type ValidationStage,
} from './rules.js';
// Free text that is safe to store.
export { safeText, unsafeTextProblem } from './text.js';
export {
  canSubmit,
  type ParsedReturnFigures,
  type ValidateOptions,
  type ValidationResult,
  validateReturn,
} from './validate.js';
