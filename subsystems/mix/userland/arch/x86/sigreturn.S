/* i386 signal return trampoline, installed with SA_RESTORER: the handler returns here and
 * rt_sigreturn (173) restores the interrupted context from the frame on the stack. */
	.text
	.globl __restore_rt
	.type __restore_rt, @function
__restore_rt:
	movl $173, %eax
	int $0x80
	hlt
	.size __restore_rt, .-__restore_rt
	.section .note.GNU-stack,"",@progbits
