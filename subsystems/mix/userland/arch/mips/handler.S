/* The return stub of handlers in guest code (svTrapConnect, svExcHandler, svIntrConnect;
 * docs/abi.md): the nucleus starts a handler with ra pointing here, so the value a C handler
 * returns in v0 reaches the nucleus as svTrapReturn(v0), nucleus call 83 through the nucleus
 * trap. That call does not come back; if it does (the thread was in no handler), break. */
	.section .text.__kn_handler_return, "ax", @progbits
	.set noreorder
	.set nomacro
	.globl __kn_handler_return
	.type __kn_handler_return, @function
	.ent __kn_handler_return
__kn_handler_return:
	move $a0, $v0
	addiu $v0, $zero, 83
	syscall 1
	break
	.end __kn_handler_return
	.size __kn_handler_return, .-__kn_handler_return
	.section .note.GNU-stack,"",@progbits
