// One operator API method: its input and output schemas (methods.ts and its parts).
import type { z } from 'zod';

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}
