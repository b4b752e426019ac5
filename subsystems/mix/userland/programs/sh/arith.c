/*
 * Arithmetic expansion: evaluates the integer expression of $(( )) after parameter expansion.
 * Long integers; decimal, octal (0NN) and hex (0xNN) constants; bare variable names read as
 * numbers (unset or empty is 0). Operators, loosest first: ?: || && | ^ & == != < <= > >=
 * << >> + - * / % and the unary + - ! ~, with parentheses; also NAME = expr and NAME op= expr.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s;
static int failed;

static void skip(void) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
}

static int accept(const char *op) {
  skip();
  size_t n = strlen(op);
  if (strncmp(s, op, n) != 0) return 0;
  /* Do not take "<" from "<<" or "<=", "&" from "&&", "=" from "==" and so on. */
  if (n == 1 && (s[1] == '=' || (s[1] == op[0] && strchr("<>&|", op[0]) != NULL)) && op[0] != '!' &&
      op[0] != '~')
    return 0;
  if (n == 1 && op[0] == '!' && s[1] == '=') return 0;
  s += n;
  return 1;
}

static long ternary(void);

static long name_value(const char *name) {
  const char *v = var_get(name);
  if (v == NULL || *v == '\0') return 0;
  return strtol(v, NULL, 0);
}

static long primary(void) {
  skip();
  if (accept("(")) {
    long v = ternary();
    if (!accept(")")) failed = 1;
    return v;
  }
  if (accept("-")) return -primary();
  if (accept("+")) return primary();
  if (accept("!")) return !primary();
  if (accept("~")) return ~primary();
  if (*s >= '0' && *s <= '9') {
    char *end;
    long v = strtol(s, &end, 0);
    s = end;
    return v;
  }
  size_t n = 0;
  while (var_is_name(s, n + 1)) n++;
  if (n == 0) {
    failed = 1;
    return 0;
  }
  char *name = xstrndup(s, n);
  s += n;
  skip();
  /* Assignments: = += -= *= /= %= */
  static const char *ops[] = {"+=", "-=", "*=", "/=", "%=", NULL};
  long result;
  int assigned = 0;
  for (int k = 0; ops[k]; k++) {
    if (strncmp(s, ops[k], 2) == 0) {
      s += 2;
      long rhs = ternary(), old = name_value(name);
      switch (ops[k][0]) {
      case '+': result = old + rhs; break;
      case '-': result = old - rhs; break;
      case '*': result = old * rhs; break;
      default:
        if (rhs == 0) {
          failed = 2;
          result = 0;
        } else {
          result = ops[k][0] == '/' ? old / rhs : old % rhs;
        }
      }
      assigned = 1;
      break;
    }
  }
  if (!assigned && s[0] == '=' && s[1] != '=') {
    s++;
    result = ternary();
    assigned = 1;
  }
  if (assigned) {
    char num[24];
    snprintf(num, sizeof num, "%ld", result);
    var_set(name, num, 0);
  } else {
    result = name_value(name);
  }
  free(name);
  return result;
}

static long mul(void) {
  long v = primary();
  for (;;) {
    if (accept("*")) v *= primary();
    else if (accept("/") || accept("%")) {
      char op = s[-1];
      long r = primary();
      if (r == 0) {
        failed = 2;
        return 0;
      }
      v = op == '/' ? v / r : v % r;
    } else return v;
  }
}

static long add(void) {
  long v = mul();
  for (;;) {
    if (accept("+")) v += mul();
    else if (accept("-")) v -= mul();
    else return v;
  }
}

static long shift(void) {
  long v = add();
  for (;;) {
    if (accept("<<")) v <<= add();
    else if (accept(">>")) v >>= add();
    else return v;
  }
}

static long compare(void) {
  long v = shift();
  for (;;) {
    if (accept("<=")) v = v <= shift();
    else if (accept(">=")) v = v >= shift();
    else if (accept("<")) v = v < shift();
    else if (accept(">")) v = v > shift();
    else return v;
  }
}

static long equality(void) {
  long v = compare();
  for (;;) {
    if (accept("==")) v = v == compare();
    else if (accept("!=")) v = v != compare();
    else return v;
  }
}

static long bit_and(void) {
  long v = equality();
  while (accept("&")) v &= equality();
  return v;
}

static long bit_xor(void) {
  long v = bit_and();
  while (accept("^")) v ^= bit_and();
  return v;
}

static long bit_or(void) {
  long v = bit_xor();
  while (accept("|")) v |= bit_xor();
  return v;
}

static long logic_and(void) {
  long v = bit_or();
  while (accept("&&")) {
    long r = bit_or();
    v = v && r;
  }
  return v;
}

static long logic_or(void) {
  long v = logic_and();
  while (accept("||")) {
    long r = logic_and();
    v = v || r;
  }
  return v;
}

static long ternary(void) {
  long v = logic_or();
  if (accept("?")) {
    long a = ternary();
    if (!accept(":")) failed = 1;
    long b = ternary();
    return v ? a : b;
  }
  return v;
}

int arith_eval(const char *expr, long *result) {
  s = expr;
  failed = 0;
  skip();
  long v = *s == '\0' ? 0 : ternary();
  skip();
  if (failed == 2) {
    sh_error("arithmetic: division by zero");
    return -1;
  }
  if (failed || *s != '\0') {
    sh_error("arithmetic syntax error: %s", expr);
    return -1;
  }
  *result = v;
  return 0;
}
