/** Returns for the API tests. */
import { EXAMPLE_RETURN } from '@csc-workforce/schemas';

/** A complete, valid return of a large metropolitan authority that raises no warning. */
export const VALID_RETURN = EXAMPLE_RETURN;

/** The period the tests submit for, opened by each test file. */
export const PERIOD = '2024-25-Q2';
