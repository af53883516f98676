import { ApiError } from '../errors.ts';

/** Deeper nesting is not data, and JSON.parse in the compute plane could overflow its stack on it. */
export const JSON_MAX_DEPTH = 512;

// What the scanner expects next.
const VALUE = 0;
const VALUE_OR_CLOSE = 1; // just after `[`
const KEY_OR_CLOSE = 2; // just after `{`
const KEY = 3;
const COLON = 4;
const AFTER_VALUE = 5;
const IN_STRING = 6;
const ESCAPE = 7;
const UNICODE = 8;
const IN_NUMBER = 9;
const LITERAL = 10;
const DONE = 11;

// Where a number is: after `-`, after a leading 0, in its integer digits, after `.`, in its fraction,
// after `e`, after the exponent's sign, in the exponent's digits.
const N_SIGN = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_E = 5;
const N_ESIGN = 6;
const N_EXP = 7;
const NUMBER_ENDS = new Set([N_ZERO, N_INT, N_FRAC, N_EXP]);

const OBJECT = 0x7b;
const ARRAY = 0x5b;

const isDigit = (ch: number) => ch >= 0x30 && ch <= 0x39;
const isHex = (ch: number) => isDigit(ch) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
const isSpace = (ch: number) => ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;

/**
 * Checks JSON text (RFC 8259, as JSON.parse reads it) fed in pieces, holding only the nesting: the same
 * files are accepted and refused as by JSON.parse, without building the value. Throws a 400 saying where.
 */
export class JsonScan {
  private mode = VALUE;
  private readonly stack: number[] = [];
  private stringIsKey = false;
  private hexLeft = 0;
  private number = N_SIGN;
  private literal = '';
  private literalAt = 0;
  /** Characters read before the current piece, and the one being read: for the error's position. */
  private offset = 0;
  private at = 0;

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      this.at = this.offset + i;
      if (this.step(ch, text[i] as string)) continue;
      // The character ended a number and is read again as what follows it.
      this.step(ch, text[i] as string);
    }
    this.offset += text.length;
  }

  end(): void {
    this.at = this.offset;
    if (this.mode === IN_NUMBER && NUMBER_ENDS.has(this.number)) this.valueDone();
    if (this.mode !== DONE) this.fail('the JSON ends before its value is complete');
  }

  /** Reads one character; false when it ended a number and must be read again. */
  private step(ch: number, char: string): boolean {
    switch (this.mode) {
      case IN_STRING:
        if (ch === 0x22) {
          if (this.stringIsKey) this.mode = COLON;
          else this.valueDone();
        } else if (ch === 0x5c) this.mode = ESCAPE;
        else if (ch < 0x20) this.fail('a control character inside a string');
        return true;
      case ESCAPE:
        if (ch === 0x75) {
          this.mode = UNICODE;
          this.hexLeft = 4;
        } else if ('"\\/bfnrt'.includes(char)) this.mode = IN_STRING;
        else this.fail(`a bad escape \\${char}`);
        return true;
      case UNICODE:
        if (!isHex(ch)) this.fail('a bad \\u escape');
        if (--this.hexLeft === 0) this.mode = IN_STRING;
        return true;
      case IN_NUMBER:
        return this.numberStep(ch);
      case LITERAL:
        if (char !== this.literal[this.literalAt]) this.fail(`an unexpected ${JSON.stringify(char)}`);
        if (++this.literalAt === this.literal.length) this.valueDone();
        return true;
    }
    if (isSpace(ch)) return true;
    switch (this.mode) {
      case VALUE_OR_CLOSE:
        if (ch === 0x5d) return this.close();
        return this.startValue(ch, char);
      case VALUE:
        return this.startValue(ch, char);
      case KEY_OR_CLOSE:
        if (ch === 0x7d) return this.close();
        return this.startKey(ch, char);
      case KEY:
        return this.startKey(ch, char);
      case COLON:
        if (ch !== 0x3a) this.fail(`${JSON.stringify(char)} where a colon belongs`);
        this.mode = VALUE;
        return true;
      case AFTER_VALUE: {
        const container = this.stack.at(-1);
        if (ch === 0x2c) this.mode = container === OBJECT ? KEY : VALUE;
        else if (ch === 0x7d && container === OBJECT) return this.close();
        else if (ch === 0x5d && container === ARRAY) return this.close();
        else this.fail(`an unexpected ${JSON.stringify(char)}`);
        return true;
      }
      default:
        this.fail(`more after the value: ${JSON.stringify(char)}`);
        return true;
    }
  }

  private startValue(ch: number, char: string): boolean {
    if (ch === OBJECT || ch === ARRAY) {
      if (this.stack.length >= JSON_MAX_DEPTH) this.fail(`nesting deeper than ${JSON_MAX_DEPTH}`);
      this.stack.push(ch);
      this.mode = ch === OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
    } else if (ch === 0x22) {
      this.mode = IN_STRING;
      this.stringIsKey = false;
    } else if (ch === 0x2d || isDigit(ch)) {
      this.mode = IN_NUMBER;
      this.number = ch === 0x2d ? N_SIGN : ch === 0x30 ? N_ZERO : N_INT;
    } else if (char === 't' || char === 'f' || char === 'n') {
      this.mode = LITERAL;
      this.literal = char === 't' ? 'true' : char === 'f' ? 'false' : 'null';
      this.literalAt = 1;
    } else this.fail(`an unexpected ${JSON.stringify(char)}`);
    return true;
  }

  private startKey(ch: number, char: string): boolean {
    if (ch !== 0x22) this.fail(`${JSON.stringify(char)} where a quoted key belongs`);
    this.mode = IN_STRING;
    this.stringIsKey = true;
    return true;
  }

  private close(): boolean {
    this.stack.pop();
    this.valueDone();
    return true;
  }

  private numberStep(ch: number): boolean {
    const digit = isDigit(ch);
    switch (this.number) {
      case N_SIGN:
        if (digit) this.number = ch === 0x30 ? N_ZERO : N_INT;
        else this.fail('a minus sign without digits');
        return true;
      case N_ZERO:
      case N_INT:
        if (digit && this.number === N_INT) return true;
        if (digit) this.fail('a number with a leading zero');
        if (ch === 0x2e) this.number = N_DOT;
        else if (ch === 0x65 || ch === 0x45) this.number = N_E;
        else return this.numberDone();
        return true;
      case N_DOT:
        if (!digit) this.fail('a decimal point without digits after it');
        this.number = N_FRAC;
        return true;
      case N_FRAC:
        if (digit) return true;
        if (ch === 0x65 || ch === 0x45) this.number = N_E;
        else return this.numberDone();
        return true;
      case N_E:
        if (ch === 0x2b || ch === 0x2d) this.number = N_ESIGN;
        else if (digit) this.number = N_EXP;
        else this.fail('an exponent without digits');
        return true;
      case N_ESIGN:
        if (!digit) this.fail('an exponent without digits');
        this.number = N_EXP;
        return true;
      default:
        if (digit) return true;
        return this.numberDone();
    }
  }

  private numberDone(): boolean {
    this.valueDone();
    return false;
  }

  private valueDone() {
    this.mode = this.stack.length > 0 ? AFTER_VALUE : DONE;
  }

  private fail(reason: string): never {
    throw new ApiError(400, 'invalid_request', 'the file is not valid JSON', {
      reason: `${reason} (at character ${this.at + 1})`,
    });
  }
}
