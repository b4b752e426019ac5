/* MIPS o32 setjmp/longjmp: saves s0-s7, fp, sp, gp and ra (soft-float build: no FPU
 * registers to keep). */
	.text
	.set noreorder
	.set nomacro
	.globl setjmp, _setjmp
	.type setjmp, @function
	.ent setjmp
setjmp:
_setjmp:
	sw $s0, 0($a0)
	sw $s1, 4($a0)
	sw $s2, 8($a0)
	sw $s3, 12($a0)
	sw $s4, 16($a0)
	sw $s5, 20($a0)
	sw $s6, 24($a0)
	sw $s7, 28($a0)
	sw $fp, 32($a0)
	sw $sp, 36($a0)
	sw $gp, 40($a0)
	sw $ra, 44($a0)
	jr $ra
	move $v0, $zero
	.end setjmp
	.size setjmp, .-setjmp

	.globl longjmp, _longjmp
	.type longjmp, @function
	.ent longjmp
longjmp:
_longjmp:
	lw $s0, 0($a0)
	lw $s1, 4($a0)
	lw $s2, 8($a0)
	lw $s3, 12($a0)
	lw $s4, 16($a0)
	lw $s5, 20($a0)
	lw $s6, 24($a0)
	lw $s7, 28($a0)
	lw $fp, 32($a0)
	lw $sp, 36($a0)
	lw $gp, 40($a0)
	lw $ra, 44($a0)
	bnez $a1, 1f
	move $v0, $a1
	addiu $v0, $zero, 1
1:	jr $ra
	nop
	.end longjmp
	.size longjmp, .-longjmp
	.section .note.GNU-stack,"",@progbits
