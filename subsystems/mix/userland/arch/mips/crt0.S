/* MIPS o32 process entry: $sp points at argc. Code is built without abicalls and with -G0,
 * so $gp needs no set-up. Reserve the 16-byte argument save area the o32 ABI gives every
 * callee, keep 8-byte alignment and call __libc_start($sp). */
	.text
	.set noreorder
	.globl __start
	.globl _start
	.type _start, @function
	.ent _start
__start:
_start:
	move $fp, $zero
	move $a0, $sp
	li $t0, -8
	and $sp, $sp, $t0
	addiu $sp, $sp, -16
	jal __libc_start
	nop
1:	b 1b
	nop
	.end _start
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
