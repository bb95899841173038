/** The department directory's rules, as the admin page and the server check them. */
import { DEPARTMENT_NAME_MAX } from '../limits';
import type { TextRules } from './text';

/** One line: "  Customer   Support " is "Customer Support", "Sales\u200B" is "Sales". */
export const DEPARTMENT_NAME_TEXT = {
  max: DEPARTMENT_NAME_MAX,
  required: 'errors.department.nameRequired',
  tooLong: 'errors.department.nameTooLong',
} as const satisfies TextRules;
