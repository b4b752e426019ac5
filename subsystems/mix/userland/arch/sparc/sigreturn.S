/* SPARC signal return trampoline: rt_sigaction takes its address minus 8 (the kernel
 * returns from the handler to %i7 + 8); it calls rt_sigreturn (101). */
	.text
	.globl __restore_rt
	.type __restore_rt, #function
__restore_rt:
	mov 101, %g1
	ta 0x10
	.size __restore_rt, .-__restore_rt
	.section .note.GNU-stack,"",@progbits
