import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithOracles } from '../../support/oracles.ts';
import {
  type GuestResult,
  PROGRAM_FAMILIES,
  runUnderQemu,
  scratchDirectories,
  USERLAND,
} from './support/qemu-guests.ts';

const scratch = scratchDirectories('programs');

const LONG_TABLE_FAMILY = 'mips';

/** One command: argv (program name first), optional stdin, expected output and status. */
interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly stdout: string | RegExp;
  readonly status?: number;
  readonly stderr?: RegExp;
}

const FRUITS = 'banana\napple\ncherry\napple\nDate 10\nbanana\nelder 2\n';
const NUMBERS = '10\n9\n100\n-3\n9\n';

/** Files every case can read; cases that change the tree work on their own names. */
function makeFixture(dir: string): void {
  writeFileSync(join(dir, 'fruits.txt'), FRUITS);
  writeFileSync(join(dir, 'numbers.txt'), NUMBERS);
  writeFileSync(join(dir, 'hello.txt'), 'Hello, world!\n');
  writeFileSync(join(dir, 'zeros.bin'), Buffer.alloc(40));
  mkdirSync(join(dir, 'tree/sub'), { recursive: true });
  writeFileSync(join(dir, 'tree/b.txt'), 'bee\n');
  writeFileSync(join(dir, 'tree/a.txt'), 'ay\n');
  writeFileSync(join(dir, 'tree/.hidden'), '');
  writeFileSync(join(dir, 'tree/sub/c.txt'), 'sea\n');
}

const COMMON: readonly Case[] = [
  { name: 'echo joins its operands; -n drops the newline', argv: ['echo', '-n', 'a', 'b'], stdout: 'a b' },
  { name: 'echo -e interprets \\t and \\n', argv: ['echo', '-e', 'x\\ty\\nz'], stdout: 'x\ty\nz\n' },
  {
    name: 'cat -n numbers the lines of a file',
    argv: ['cat', '-n', 'hello.txt'],
    stdout: '     1\tHello, world!\n',
  },
  { name: 'cat copies stdin given as -', argv: ['cat', '-'], stdin: 'from stdin\n', stdout: 'from stdin\n' },
  {
    name: 'wc counts lines, words and bytes',
    argv: ['wc', 'fruits.txt'],
    stdout: '      7       9      49 fruits.txt\n',
  },
  { name: 'wc -l on stdin prints the bare count', argv: ['wc', '-l'], stdin: FRUITS, stdout: '7\n' },
  {
    name: 'head -n 2 prints the first two lines',
    argv: ['head', '-n', '2', 'fruits.txt'],
    stdout: 'banana\napple\n',
  },
  {
    name: 'tail -n 2 prints the last two lines',
    argv: ['tail', '-n', '2', 'fruits.txt'],
    stdout: 'banana\nelder 2\n',
  },
  {
    name: 'grep -n -i finds lines ignoring case',
    argv: ['grep', '-n', '-i', 'APPLE', 'fruits.txt'],
    stdout: '2:apple\n4:apple\n',
  },
  {
    name: 'grep -c -v counts the lines that do not match',
    argv: ['grep', '-c', '-v', 'an', 'fruits.txt'],
    stdout: '5\n',
  },
  { name: 'grep exits 1 when nothing matches', argv: ['grep', 'kiwi', 'fruits.txt'], stdout: '', status: 1 },
  {
    name: 'sort -u sorts and drops duplicates',
    argv: ['sort', '-u', 'fruits.txt'],
    stdout: 'Date 10\napple\nbanana\ncherry\nelder 2\n',
  },
  { name: 'sort -n sorts numerically', argv: ['sort', '-n', 'numbers.txt'], stdout: '-3\n9\n9\n10\n100\n' },
  { name: 'sort -r reverses the order', argv: ['sort', '-r', 'numbers.txt'], stdout: '9\n9\n100\n10\n-3\n' },
  {
    name: 'uniq -c counts runs of equal lines',
    argv: ['uniq', '-c'],
    stdin: 'a\na\nb\na\n',
    stdout: '      2 a\n      1 b\n      1 a\n',
  },
  { name: 'test: 3 -gt 2 is true', argv: ['test', '3', '-gt', '2'], stdout: '', status: 0 },
  { name: 'test: a = b is false', argv: ['test', 'a', '=', 'b'], stdout: '', status: 1 },
  { name: '[ requires its closing ]', argv: ['[', '-f', 'fruits.txt', ']'], stdout: '', status: 0 },
  {
    name: '[ without ] is a usage error',
    argv: ['[', '1', '=', '1'],
    stdout: '',
    status: 2,
    stderr: /missing '\]'/,
  },
  {
    name: 'hexdump shows the canonical hex and ASCII columns',
    argv: ['hexdump', '-C', 'hello.txt'],
    stdout: '00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a        |Hello, world!.|\n0000000e\n',
  },
  { name: 'true exits 0', argv: ['true'], stdout: '', status: 0 },
  { name: 'false exits 1', argv: ['false'], stdout: '', status: 1 },
  { name: 'uname prints the system name', argv: ['uname'], stdout: 'Linux\n' },
  {
    name: 'env -i runs nothing and prints only the given variables',
    argv: ['env', '-i', 'A=1', 'B=2'],
    stdout: 'A=1\nB=2\n',
  },
  {
    name: 'ls lists a directory sorted, without dot files',
    argv: ['ls', 'tree'],
    stdout: 'a.txt\nb.txt\nsub\n',
  },
  {
    name: 'ls -a adds the dot entries',
    argv: ['ls', '-a', 'tree'],
    stdout: '.\n..\n.hidden\na.txt\nb.txt\nsub\n',
  },
  {
    name: 'printf formats strings and integers with widths and reuses its format',
    argv: ['printf', '%s-%05d|%-4x|\\n', 'a', '42', '255', 'b', '-7', '16'],
    stdout: 'a-00042|ff  |\nb--0007|10  |\n',
  },
  { name: 'kill -l names a signal number', argv: ['kill', '-l', '9'], stdout: 'KILL\n' },
  { name: 'date +%Y prints a four-digit year', argv: ['date', '+%Y'], stdout: /^\d{4}\n$/ },
];

const LONG: readonly Case[] = [
  {
    name: 'echo -E keeps backslashes; -- is an operand',
    argv: ['echo', '-E', 'a\\n', '--'],
    stdout: 'a\\n --\n',
  },
  { name: 'echo -e \\c stops the output', argv: ['echo', '-e', 'one\\ctwo'], stdout: 'one' },
  {
    name: 'cat concatenates files and stdin in order',
    argv: ['cat', 'hello.txt', '-', 'hello.txt'],
    stdin: '--\n',
    stdout: 'Hello, world!\n--\nHello, world!\n',
  },
  {
    name: 'cat reports a missing file and exits 1',
    argv: ['cat', 'nope'],
    stdout: '',
    status: 1,
    stderr: /cat: nope: /,
  },
  {
    name: 'wc -w -c on two files adds a total line',
    argv: ['wc', '-w', '-c', 'fruits.txt', 'hello.txt'],
    stdout: '      9      49 fruits.txt\n      2      14 hello.txt\n     11      63 total\n',
  },
  { name: 'wc -c on stdin', argv: ['wc', '-c'], stdin: 'abc', stdout: '3\n' },
  { name: 'head -3 (the old form)', argv: ['head', '-3', 'numbers.txt'], stdout: '10\n9\n100\n' },
  { name: 'head -c 5 prints bytes', argv: ['head', '-c', '5', 'hello.txt'], stdout: 'Hello' },
  {
    name: 'head of two files prints headers',
    argv: ['head', '-n', '1', 'hello.txt', 'numbers.txt'],
    stdout: '==> hello.txt <==\nHello, world!\n\n==> numbers.txt <==\n10\n',
  },
  {
    name: 'tail -n +6 starts at line 6',
    argv: ['tail', '-n', '+6', 'fruits.txt'],
    stdout: 'banana\nelder 2\n',
  },
  { name: 'tail -c 7 prints the last bytes', argv: ['tail', '-c', '7', 'hello.txt'], stdout: 'world!\n' },
  { name: 'tail of a last line without newline', argv: ['tail', '-n', '1'], stdin: 'a\nb', stdout: 'b' },
  { name: 'grep anchors and dot', argv: ['grep', '^b.n', 'fruits.txt'], stdout: 'banana\nbanana\n' },
  {
    name: 'grep bracket expression and star',
    argv: ['grep', '[0-9][0-9]*$', 'fruits.txt'],
    stdout: 'Date 10\nelder 2\n',
  },
  {
    name: 'grep -E alternation and +',
    argv: ['grep', '-E', 'ch|e+l', 'fruits.txt'],
    stdout: 'cherry\nelder 2\n',
  },
  {
    name: 'grep -E groups with alternation and repetition',
    argv: ['grep', '-E', '^(ba|na)+$'],
    stdin: 'banana\nbanan\nnaba\n',
    stdout: 'banana\nnaba\n',
  },
  {
    name: 'grep basic groups and POSIX classes',
    argv: ['grep', 'x\\(ab\\)*[[:upper:]][[:digit:]]*$'],
    stdin: 'xababA12\nxaA1\nxB\n',
    stdout: 'xababA12\nxB\n',
  },
  {
    name: 'grep -F takes the pattern literally',
    argv: ['grep', '-F', '.', 'fruits.txt'],
    stdout: '',
    status: 1,
  },
  {
    name: 'grep -l names matching files',
    argv: ['grep', '-l', 'world', 'fruits.txt', 'hello.txt'],
    stdout: 'hello.txt\n',
  },
  {
    name: 'grep with two files prefixes names',
    argv: ['grep', 'e', 'hello.txt', 'numbers.txt'],
    stdout: 'hello.txt:Hello, world!\n',
  },
  {
    name: 'grep -q prints nothing and exits 0 on a match',
    argv: ['grep', '-q', 'apple', 'fruits.txt'],
    stdout: '',
    status: 0,
  },
  { name: 'grep -e pattern starting with a dash', argv: ['grep', '-e', '-3', 'numbers.txt'], stdout: '-3\n' },
  {
    name: 'grep on a missing file exits 2',
    argv: ['grep', 'x', 'nope'],
    stdout: '',
    status: 2,
    stderr: /grep: nope: /,
  },
  {
    name: 'sort -k 2 -n sorts on the second field',
    argv: ['sort', '-n', '-k', '2'],
    stdin: 'x 3\ny 1\nz 2\n',
    stdout: 'y 1\nz 2\nx 3\n',
  },
  {
    name: 'sort -t : -k 2 uses the separator',
    argv: ['sort', '-t', ':', '-k', '2'],
    stdin: 'a:zz\nb:aa\n',
    stdout: 'b:aa\na:zz\n',
  },
  { name: 'sort -f folds case', argv: ['sort', '-f'], stdin: 'b\nA\na\nB\n', stdout: 'A\na\nB\nb\n' },
  {
    name: 'sort -rn reverses a numeric sort',
    argv: ['sort', '-rn', 'numbers.txt'],
    stdout: '100\n10\n9\n9\n-3\n',
  },
  {
    name: 'uniq -d prints repeated lines once',
    argv: ['uniq', '-d'],
    stdin: 'a\na\nb\nc\nc\n',
    stdout: 'a\nc\n',
  },
  {
    name: 'uniq -u prints lines that are not repeated',
    argv: ['uniq', '-u'],
    stdin: 'a\na\nb\nc\nc\n',
    stdout: 'b\n',
  },
  { name: 'test -n and -z on strings', argv: ['test', '-n', ''], stdout: '', status: 1 },
  { name: 'test ! negates', argv: ['test', '!', '-d', 'fruits.txt'], stdout: '', status: 0 },
  {
    name: 'test -a binds tighter than -o',
    argv: ['test', '1', '-eq', '2', '-a', 'x', '-o', 'y'],
    stdout: '',
    status: 0,
  },
  {
    name: 'test parentheses group',
    argv: ['test', '(', '1', '-eq', '2', ')', '-o', '-d', 'tree'],
    stdout: '',
    status: 0,
  },
  { name: 'test string inequality', argv: ['test', 'abc', '!=', 'abd'], stdout: '', status: 0 },
  { name: 'test -s on an empty file is false', argv: ['test', '-s', 'tree/.hidden'], stdout: '', status: 1 },
  {
    name: 'test with a non-number is an error',
    argv: ['test', 'x', '-lt', '2'],
    stdout: '',
    status: 2,
    stderr: /integer expected/,
  },
  {
    name: 'hexdump squeezes repeated lines into *',
    argv: ['hexdump', 'zeros.bin'],
    stdout:
      '00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000020  00 00 00 00 00 00 00 00                           |........|\n00000028\n',
  },
  {
    name: 'hexdump -s and -n choose a window',
    argv: ['hexdump', '-s', '7', '-n', '5', 'hello.txt'],
    stdout: '00000007  77 6f 72 6c 64                                    |world|\n0000000c\n',
  },
  { name: 'uname -s -m -r prints the fields in order', argv: ['uname', '-s'], stdout: 'Linux\n' },
  { name: 'env -u removes variables', argv: ['env', '-u', 'PATH', '-u', 'HOME'], stdout: '' },
  { name: 'env reports a missing command with 127', argv: ['env', 'no-such-cmd'], stdout: '', status: 127 },
  {
    name: 'ls -R lists subdirectories after their parent',
    argv: ['ls', '-R', 'tree'],
    stdout: 'tree:\na.txt\nb.txt\nsub\n\ntree/sub:\nc.txt\n',
  },
  { name: 'ls -r reverses the order', argv: ['ls', '-r', 'tree'], stdout: 'sub\nb.txt\na.txt\n' },
  { name: 'ls -d lists a directory itself', argv: ['ls', '-d', 'tree'], stdout: 'tree\n' },
  { name: 'ls -F marks directories', argv: ['ls', '-F', 'tree'], stdout: 'a.txt\nb.txt\nsub/\n' },
  { name: 'ls -A omits . and ..', argv: ['ls', '-A', 'tree'], stdout: '.hidden\na.txt\nb.txt\nsub\n' },
  {
    name: 'ls of a file and a directory lists the file first, then the directory',
    argv: ['ls', 'tree/sub', 'hello.txt'],
    stdout: 'hello.txt\n\ntree/sub:\nc.txt\n',
  },
  {
    name: 'ls -l shows mode, links, owner, size, date and name',
    argv: ['ls', '-l', 'tree'],
    stdout:
      /^total \d+\n-rw-r--r-- +1 +\d+ +\d+ +3 \w{3} [ \d]\d (\d\d:\d\d| \d{4}) a\.txt\n-rw-r--r-- +1 +\d+ +\d+ +4 .* b\.txt\ndrwxr-xr-x +2 +\d+ +\d+ +\d+ .* sub\n$/,
  },
  { name: 'ls of a missing file exits 1', argv: ['ls', 'nope'], stdout: '', status: 1, stderr: /ls: nope: / },
  {
    name: 'kill -l lists numbered names',
    argv: ['kill', '-l'],
    stdout: /^ 1\) SIGHUP\n(.*\n)* 9\) SIGKILL\n(.*\n)*15\) SIGTERM\n/,
  },
  {
    name: 'kill of a non-number is refused',
    argv: ['kill', 'abc'],
    stdout: '',
    status: 1,
    stderr: /not a process id/,
  },
  { name: 'sleep accepts a fraction', argv: ['sleep', '0.05'], stdout: '', status: 0 },
  { name: 'sleep rejects garbage', argv: ['sleep', 'soon'], stdout: '', status: 2 },
  {
    name: 'date prints the default UTC format',
    argv: ['date'],
    stdout: /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/,
  },
  { name: 'date +%s prints seconds since the epoch', argv: ['date', '+%s'], stdout: /^\d{10}\n$/ },
  // Under qemu-user, /proc/<pid>/stat describes host processes (the guest itself shows as
  // qemu-<family>), so only the layout is checked here.
  {
    name: 'ps prints its header and one line a process',
    argv: ['ps'],
    stdout: /^ {2}PID {2}PPID S {5}TIME CMD\n( *\d+ +\d+ \S +\d+:\d\d .*\n)+$/,
  },
];

function check(result: GuestResult, c: Case): void {
  if (typeof c.stdout === 'string') expect(result.stdout, result.stderr).toBe(c.stdout);
  else expect(result.stdout, result.stderr).toMatch(c.stdout);
  expect(result.status, result.stderr).toBe(c.status ?? 0);
  if (c.stderr) expect(result.stderr).toMatch(c.stderr);
}

it('PROGRAMS: every utility of the issue has a source file', () => {
  const names =
    'init echo cat ls cp mv rm mkdir rmdir ln wc head tail grep sort uniq ps kill sleep date uname env true false test yes tee touch chmod hexdump'.split(
      ' ',
    );
  const missing = names.filter((name) => !existsSync(join(USERLAND, 'programs', `${name}.c`)));
  expect(missing).toEqual([]);
  expect(existsSync(join(USERLAND, 'programs', 'sh', 'main.c'))).toBe(true);
});

for (const [family, qemu, cpu] of PROGRAM_FAMILIES) {
  describeWithOracles([qemu], `PROGRAMS on ${family} under ${qemu} -cpu ${cpu}`, () => {
    let dir = '';
    beforeAll(() => {
      dir = scratch();
      makeFixture(dir);
    });
    const table = family === LONG_TABLE_FAMILY ? [...COMMON, ...LONG] : COMMON;
    for (const c of table) {
      it(`PROGRAMS ${family}: ${c.name}`, () => {
        check(runUnderQemu([family, qemu, cpu], dir, c.argv, c.stdin), c);
      });
    }

    it(`PROGRAMS ${family}: mkdir -p, cp -r, mv, ln -s, rm -r and rmdir change the tree as asked`, () => {
      const work = scratch();
      makeFixture(work);
      const ok = (argv: readonly string[]): void =>
        expectSuccess(runUnderQemu([family, qemu, cpu], work, argv));
      ok(['mkdir', '-p', 'x/y/z']);
      expect(statSync(join(work, 'x/y/z')).isDirectory()).toBe(true);
      ok(['cp', '-r', 'tree', 'x/copy']);
      expect(readFileSync(join(work, 'x/copy/sub/c.txt'), 'utf8')).toBe('sea\n');
      ok(['cp', 'hello.txt', 'fruits.txt', 'x/y']);
      expect(readFileSync(join(work, 'x/y/fruits.txt'), 'utf8')).toBe(FRUITS);
      ok(['mv', 'x/y/hello.txt', 'x/moved.txt']);
      expect(existsSync(join(work, 'x/y/hello.txt'))).toBe(false);
      expect(readFileSync(join(work, 'x/moved.txt'), 'utf8')).toBe('Hello, world!\n');
      ok(['ln', '-s', 'moved.txt', 'x/link']);
      expect(readlinkSync(join(work, 'x/link'))).toBe('moved.txt');
      ok(['ln', 'x/moved.txt', 'x/hard']);
      expect(statSync(join(work, 'x/hard')).nlink).toBe(2);
      ok(['rm', 'x/link', 'x/hard']);
      expect(existsSync(join(work, 'x/hard'))).toBe(false);
      ok(['mkdir', 'p', 'p/q', 'p/q/r']);
      ok(['rmdir', '-p', 'p/q/r']);
      expect(existsSync(join(work, 'p'))).toBe(false);
      const refused = runUnderQemu([family, qemu, cpu], work, ['rmdir', 'x']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^rmdir: x: /);
      ok(['rm', '-r', 'x']);
      expect(existsSync(join(work, 'x'))).toBe(false);
      ok(['rm', '-f', 'never-existed']);
    });

    it(`PROGRAMS ${family}: cp -p keeps the mode and the modification time`, () => {
      const work = scratch();
      writeFileSync(join(work, 'old.txt'), 'kept\n');
      chmodSync(join(work, 'old.txt'), 0o640);
      const when = new Date('2001-02-03T04:05:06Z');
      utimesSync(join(work, 'old.txt'), when, when);
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['cp', '-p', 'old.txt', 'copy.txt']));
      const copy = statSync(join(work, 'copy.txt'));
      expect(copy.mode & 0o7777).toBe(0o640);
      expect(copy.mtime.toISOString()).toBe('2001-02-03T04:05:06.000Z');
      expect(readFileSync(join(work, 'copy.txt'), 'utf8')).toBe('kept\n');
    });

    it(`PROGRAMS ${family}: touch creates, chmod sets octal and symbolic modes, tee copies`, () => {
      const work = scratch();
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['touch', 'new.txt']));
      expect(statSync(join(work, 'new.txt')).size).toBe(0);
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['chmod', '640', 'new.txt']));
      expect(statSync(join(work, 'new.txt')).mode & 0o7777).toBe(0o640);
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['chmod', 'u+x,o+r', 'new.txt']));
      expect(statSync(join(work, 'new.txt')).mode & 0o7777).toBe(0o744);
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['chmod', 'a-w', 'new.txt']));
      expect(statSync(join(work, 'new.txt')).mode & 0o7777).toBe(0o544);
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['touch', '-c', 'absent.txt']));
      expect(existsSync(join(work, 'absent.txt'))).toBe(false);
      const tee = runUnderQemu([family, qemu, cpu], work, ['tee', 'one.txt', 'two.txt'], 'copied\n');
      expect(tee.stdout).toBe('copied\n');
      expect(readFileSync(join(work, 'two.txt'), 'utf8')).toBe('copied\n');
      expectSuccess(runUnderQemu([family, qemu, cpu], work, ['tee', '-a', 'one.txt'], 'more\n'));
      expect(readFileSync(join(work, 'one.txt'), 'utf8')).toBe('copied\nmore\n');
      expect(lstatSync(join(work, 'one.txt')).isFile()).toBe(true);
    });
  });
}

function expectSuccess(result: GuestResult): void {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}
