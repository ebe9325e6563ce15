// Error codes of the adapter in one place, the UserError class that handlers
// throw for problems the user can fix, and the conversion of any thrown value
// (UserError, HelperRequestError from the helper, or a bug) into the `Message`
// that a DAP error response carries.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { HelperErrorCode } from './helper/protocol';

/** Numeric DAP error ids (`Message.id`), by name. */
export const ErrorCode = {
  // Adapter-side problems.
  Internal: 1000,
  UnsupportedRequest: 1001,
  InvalidArguments: 1002,
  NotLaunched: 1003,
  NotAvailableYet: 1004,
  StaleFrame: 1005,
  NotStopped: 1006,
  MalformedRequest: 1007,
  HelperNotFound: 1010,
  HelperStartFailed: 1011,
  HelperExited: 1012,
  TerminalFailed: 1013,
  CoreFile: 1014,
  // Errors reported by rewind-helper (HelperErrorCode, native/PROTOCOL.md "Error codes").
  HelperBadRequest: 2001,
  HelperUnknownCommand: 2002,
  HelperWrongState: 2003,
  HelperNoSuchFile: 2004,
  HelperNotExecutable: 2005,
  HelperNotElf: 2006,
  HelperLaunchFailed: 2007,
  HelperNoSuchThread: 2008,
  HelperNoSuchFrame: 2009,
  HelperNoSuchReference: 2010,
  HelperInternal: 2011,
  HelperNoSuchProcess: 2012,
  HelperAttachRefused: 2013,
  HelperUnsupported: 2014,
  HelperBadExpression: 2015,
  HelperUnknownError: 2099,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/** A problem the user can understand and act on; shown to the user by default. */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCodeName,
    message: string,
    readonly showUser: boolean = true,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A helper request that was answered with `ok:false`. */
export class HelperRequestError extends Error {
  constructor(
    readonly command: string,
    readonly helperCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'HelperRequestError';
  }
}

const helperCodes: Record<HelperErrorCode, { id: number; showUser: boolean }> = {
  BadRequest: { id: ErrorCode.HelperBadRequest, showUser: false },
  UnknownCommand: { id: ErrorCode.HelperUnknownCommand, showUser: true },
  WrongState: { id: ErrorCode.HelperWrongState, showUser: true },
  NoSuchFile: { id: ErrorCode.HelperNoSuchFile, showUser: true },
  NotExecutable: { id: ErrorCode.HelperNotExecutable, showUser: true },
  NotElf: { id: ErrorCode.HelperNotElf, showUser: true },
  LaunchFailed: { id: ErrorCode.HelperLaunchFailed, showUser: true },
  NoSuchThread: { id: ErrorCode.HelperNoSuchThread, showUser: false },
  NoSuchFrame: { id: ErrorCode.HelperNoSuchFrame, showUser: false },
  NoSuchReference: { id: ErrorCode.HelperNoSuchReference, showUser: false },
  NoSuchProcess: { id: ErrorCode.HelperNoSuchProcess, showUser: true },
  AttachRefused: { id: ErrorCode.HelperAttachRefused, showUser: true },
  Unsupported: { id: ErrorCode.HelperUnsupported, showUser: true },
  BadExpression: { id: ErrorCode.HelperBadExpression, showUser: true },
  Internal: { id: ErrorCode.HelperInternal, showUser: true },
};

/** The outcome of converting a thrown value: the DAP message, and whether it is a bug to log. */
export interface ConvertedError {
  message: DebugProtocol.Message;
  isInternal: boolean;
}

/**
 * Turns anything a handler threw into a DAP error `Message`. `quiet` (used for
 * hovers and watch expressions) keeps even user errors out of pop-ups.
 */
export function toDapError(error: unknown, command: string, quiet = false): ConvertedError {
  if (error instanceof UserError) {
    return {
      message: { id: ErrorCode[error.code], format: error.message, showUser: error.showUser && !quiet },
      isInternal: false,
    };
  }
  if (error instanceof HelperRequestError) {
    const known = helperCodes[error.helperCode as HelperErrorCode];
    const id = known?.id ?? ErrorCode.HelperUnknownError;
    const isInternal = error.helperCode === 'Internal' || known === undefined;
    return {
      message: { id, format: error.message, showUser: (known?.showUser ?? true) && !quiet },
      isInternal,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: {
      id: ErrorCode.Internal,
      format: `Internal error in the Rewind adapter while handling '${command}': ${detail}`,
      showUser: false,
    },
    isInternal: true,
  };
}

/** The error for a request Rewind has no handler for. */
export function unsupportedRequest(command: string): UserError {
  return new UserError('UnsupportedRequest', `Rewind does not support the request '${preview(command)}'.`, false);
}

const previewLength = 60;

/**
 * Text the user or client sent, made fit for a message: control characters
 * blanked, and at most a few dozen characters (never megabytes) with the
 * full length said.
 */
export function preview(text: string, length = previewLength): string {
  const clean = text.slice(0, length).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return text.length <= length ? clean : `${clean}… (${text.length} characters)`;
}

/** Any value as a short, safe part of a message: JSON, never "[object Object]" or megabytes. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'an array' : 'an object';
  }
  return preview(text);
}
