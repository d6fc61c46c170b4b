/*
 * lexicon_data.c - the default lexicons (the lexicons/ files) compiled into the
 * library with the assembler's .incbin, so the library reads no file at run
 * time and cannot be separated from its lexicons.  CMake rebuilds this file
 * when a lexicon changes (OBJECT_DEPENDS in CMakeLists.txt).
 */
#ifndef TM_SOURCE_LEXICON_DIR
#error "TM_SOURCE_LEXICON_DIR must name the lexicons/ folder"
#endif

#define TM_INCBIN(sym, file)                                              \
  __asm__(".section .rodata\n"                                           \
          ".balign 16\n"                                                 \
          ".hidden " #sym "\n"                                           \
          ".global " #sym "\n" #sym ":\n"                                \
          ".incbin \"" TM_SOURCE_LEXICON_DIR "/" file "\"\n"             \
          ".byte 0\n"                                                    \
          ".previous\n")

TM_INCBIN(tm__lex_valence, "valence.tsv");
TM_INCBIN(tm__lex_online, "valence_online.tsv");
TM_INCBIN(tm__lex_idioms, "idioms.tsv");
TM_INCBIN(tm__lex_emoticons, "emoticons.tsv");
TM_INCBIN(tm__lex_emoji, "emoji.tsv");
TM_INCBIN(tm__lex_modifiers, "modifiers.tsv");
TM_INCBIN(tm__lex_stance, "stance.tsv");

extern const char tm__lex_valence[], tm__lex_online[], tm__lex_idioms[],
    tm__lex_emoticons[], tm__lex_emoji[], tm__lex_modifiers[], tm__lex_stance[];

/* in load order: later files refine earlier ones */
const char *const tm__lexicon_files[] = {"valence.tsv", "valence_online.tsv", "idioms.tsv",
                                         "emoticons.tsv", "emoji.tsv", "modifiers.tsv",
                                         "stance.tsv", 0};
const char *const tm__lexicon_data[] = {tm__lex_valence, tm__lex_online, tm__lex_idioms,
                                        tm__lex_emoticons, tm__lex_emoji, tm__lex_modifiers,
                                        tm__lex_stance, 0};
