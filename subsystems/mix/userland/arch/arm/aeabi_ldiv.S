/* ARM RTABI 64-bit division: __aeabi_uldivmod / __aeabi_ldivmod take the numerator in
 * r0:r1 and the denominator in r2:r3 and return the quotient in r0:r1 and the remainder in
 * r2:r3. Both call the C routines in libc/compiler/int64.c, passing a stack slot for the
 * remainder. */
	.text
	.arm
	.globl __aeabi_uldivmod
	.type __aeabi_uldivmod, %function
__aeabi_uldivmod:
	push {r4, lr}
	sub sp, sp, #16
	add r4, sp, #8
	str r4, [sp]
	bl __udivmoddi4
	ldr r2, [sp, #8]
	ldr r3, [sp, #12]
	add sp, sp, #16
	pop {r4, pc}
	.size __aeabi_uldivmod, .-__aeabi_uldivmod

	.globl __aeabi_ldivmod
	.type __aeabi_ldivmod, %function
__aeabi_ldivmod:
	push {r4, lr}
	sub sp, sp, #16
	add r4, sp, #8
	str r4, [sp]
	bl __divmoddi4_signed
	ldr r2, [sp, #8]
	ldr r3, [sp, #12]
	add sp, sp, #16
	pop {r4, pc}
	.size __aeabi_ldivmod, .-__aeabi_ldivmod
	.section .note.GNU-stack,"",%progbits
