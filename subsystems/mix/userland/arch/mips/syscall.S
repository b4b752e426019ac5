/* MIPS o32 Linux system-call entry: `syscall` with the number in v0 and arguments in a0..a3,
 * the fifth and sixth at 16($sp) and 20($sp) of the caller of `syscall`. The kernel sets
 * a3 to 1 on failure with the positive errno in v0; this stub returns -errno instead. */
	.text
	.set noreorder
	.set nomacro
	.globl __syscall
	.type __syscall, @function
	.ent __syscall
__syscall:
	addiu $sp, $sp, -32
	move $v0, $a0
	move $a0, $a1
	move $a1, $a2
	move $a2, $a3
	lw $a3, 48($sp)
	lw $t0, 52($sp)
	lw $t1, 56($sp)
	sw $t0, 16($sp)
	sw $t1, 20($sp)
	syscall
	beqz $a3, 1f
	addiu $sp, $sp, 32
	subu $v0, $zero, $v0
1:	jr $ra
	nop
	.end __syscall
	.size __syscall, .-__syscall
	.section .note.GNU-stack,"",@progbits
