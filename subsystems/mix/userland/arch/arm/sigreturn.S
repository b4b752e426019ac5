/* ARM EABI signal return trampoline, installed with SA_RESTORER: rt_sigreturn (173). */
	.text
	.arm
	.globl __restore_rt
	.type __restore_rt, %function
__restore_rt:
	mov r7, #173
	svc 0
	.size __restore_rt, .-__restore_rt
	.section .note.GNU-stack,"",%progbits
