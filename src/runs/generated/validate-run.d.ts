// Types for the generated run-record validator beside this file (`npm run schema` writes it).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;
