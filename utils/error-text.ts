/** The message of anything thrown or rejected, as text to show a person. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
