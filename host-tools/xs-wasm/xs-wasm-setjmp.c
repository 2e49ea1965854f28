/*
 * Emscripten's setjmp bookkeeping, in place of its compiler-rt emscripten_setjmp.c (same three
 * functions, same contract), because that one is quadratic for XS.
 *
 * Emscripten lowers setjmp into a table kept per invocation of the function that calls it:
 * each setjmp appends an entry (never removed until the function returns), and its
 * saveSetjmp finds the end of the table by walking it from the start. fxRunID calls setjmp
 * once for every try block it enters (xsRun-no-setjmp-in-loop.patch), and one fxRunID runs a
 * whole request, so a request that entered n try blocks paid n*n/2 steps: measured here, a try
 * block cost 2.6 us in a loop of 1,000 and 19 us in one of 100,000 (native XS: 0.07 us).
 *
 * This version keeps the entry count in the `size` word the compiled code hands back and forth
 * untouched (saveSetjmp returns it through tempRet0; the code passes it to the next
 * saveSetjmp and to testSetjmp), as count + 4: the code starts a table at malloc(40), room
 * for 4 entries and the terminating one, with size 4, which reads as count 0. The table is
 * doubled each time its count reaches a power of two from 4 on, so the room always follows
 * from the count. Appending is then one store, and testSetjmp looks from the newest entry
 * back, where the jump being taken almost always is. Ids stay unique, so what testSetjmp
 * answers is the same as before.
 */
#include <stdint.h>
#include <stdlib.h>

typedef struct {
	uintptr_t id;
	uint32_t label;
} TableEntry;

extern void setTempRet0(uint32_t value);
extern void setThrew(uintptr_t threw, int value);
extern void _emscripten_throw_longjmp(void);

static uintptr_t setjmpId = 0;

/* size = count + 4 (see above). */
#define COUNT(SIZE) ((SIZE) - 4)

TableEntry* saveSetjmp(uintptr_t* env, uint32_t label, TableEntry* table, uint32_t size)
{
	/* A table this file did not start counting: the contract above no longer holds. */
	if (size < 4)
		abort();
	uint32_t count = COUNT(size);
	if (count >= 4 && (count & (count - 1)) == 0) {
		/* Full: twice the room, and one more for the terminating entry the compiled code expects. */
		TableEntry* larger = (TableEntry*)realloc(table, sizeof(TableEntry) * (2 * count + 1));
		if (!larger)
			abort();
		table = larger;
	}
	*env = ++setjmpId;
	table[count].id = setjmpId;
	table[count].label = label;
	table[count + 1].id = 0;
	setTempRet0(size + 1);
	return table;
}

uint32_t testSetjmp(uintptr_t id, TableEntry* table, uint32_t size)
{
	uint32_t i = COUNT(size);
	while (i > 0) {
		i--;
		if (table[i].id == id)
			return table[i].label;
	}
	return 0;
}

void emscripten_longjmp(uintptr_t env, int val)
{
	setThrew(env, val);
	_emscripten_throw_longjmp();
}
