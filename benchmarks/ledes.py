# ruff: noqa: E501  (one sentence a line reads better than a sentence cut in two)
"""Short ledes (one sentence, 12-30 words) in six languages, written for measuring language detectors.

benchmarks/language.py times and scores detectors on them; tests/test_language.py checks the chosen one.
"""

LEDES: dict[str, tuple[str, ...]] = {
    "en": (
        "Members of the steering committee explain why they voted to dissolve the organization after the convention.",
        "Tenants in three buildings have gone on rent strike to demand repairs that the landlord promised last year.",
        "The union says the contract offer falls short of what teachers need to keep their classrooms running.",
        "A reader writes in to ask how socialists should respond to the new immigration rules announced this week.",
        "Thousands marched through the city on Saturday against the closure of the only hospital in the county.",
        "Our correspondent reports on the first week of the strike and the mood on the picket lines.",
        "Why did so many people stay silent for so long, and what would it take to change that culture?",
        "The city council voted on Tuesday to cut the transit budget despite months of protest by riders.",
    ),
    "es": (
        "Los miembros del comité explican por qué votaron a favor de disolver la organización después de la convención.",
        "Los inquilinos de tres edificios se han declarado en huelga de alquileres para exigir las reparaciones prometidas.",
        "El sindicato afirma que la oferta de contrato no alcanza lo que los maestros necesitan en sus aulas.",
        "Una lectora nos escribe para preguntar cómo deberían responder los socialistas a las nuevas reglas migratorias.",
        "Miles de personas marcharon el sábado por la ciudad contra el cierre del único hospital de la provincia.",
        "Nuestro corresponsal informa sobre la primera semana de la huelga y el ánimo en los piquetes.",
        "¿Por qué tanta gente guardó silencio durante tanto tiempo y qué haría falta para cambiar esa cultura?",
        "El ayuntamiento votó el martes recortar el presupuesto del transporte pese a meses de protestas.",
    ),
    "fr": (
        "Les membres du comité expliquent pourquoi ils ont voté la dissolution de l'organisation après le congrès.",
        "Les locataires de trois immeubles ont entamé une grève des loyers pour exiger les réparations promises.",
        "Le syndicat estime que l'offre de contrat ne répond pas aux besoins des enseignants dans leurs classes.",
        "Une lectrice nous écrit pour demander comment les socialistes devraient répondre aux nouvelles règles.",
        "Des milliers de personnes ont défilé samedi dans la ville contre la fermeture du seul hôpital du département.",
        "Notre correspondant raconte la première semaine de la grève et l'ambiance sur les piquets.",
        "Pourquoi tant de gens se sont-ils tus si longtemps, et que faudrait-il pour changer cette culture ?",
        "Le conseil municipal a voté mardi la réduction du budget des transports malgré des mois de protestation.",
    ),
    "de": (
        "Die Mitglieder des Vorstands erklären, warum sie nach dem Kongress für die Auflösung der Organisation gestimmt haben.",
        "Die Mieter von drei Häusern sind in einen Mietstreik getreten, um die versprochenen Reparaturen zu erzwingen.",
        "Die Gewerkschaft sagt, das Tarifangebot reiche nicht aus, um den Unterricht in den Schulen zu sichern.",
        "Eine Leserin fragt, wie Sozialisten auf die neuen Einwanderungsregeln dieser Woche antworten sollten.",
        "Tausende zogen am Samstag durch die Stadt gegen die Schließung des einzigen Krankenhauses im Kreis.",
        "Unser Korrespondent berichtet über die erste Streikwoche und die Stimmung vor den Werkstoren.",
        "Warum haben so viele Menschen so lange geschwiegen, und was wäre nötig, um diese Kultur zu ändern?",
        "Der Stadtrat hat am Dienstag trotz monatelanger Proteste beschlossen, den Nahverkehr zu kürzen.",
    ),
    "pt": (
        "Os membros do comitê explicam por que votaram pela dissolução da organização depois da convenção.",
        "Os inquilinos de três prédios entraram em greve de aluguel para exigir os reparos prometidos pelo proprietário.",
        "O sindicato afirma que a proposta de contrato não atende ao que os professores precisam nas salas de aula.",
        "Uma leitora escreve para perguntar como os socialistas deveriam responder às novas regras de imigração.",
        "Milhares de pessoas marcharam no sábado pela cidade contra o fechamento do único hospital da região.",
        "Nosso correspondente relata a primeira semana da greve e o clima nos piquetes.",
        "Por que tanta gente ficou calada por tanto tempo, e o que seria preciso para mudar essa cultura?",
        "A câmara municipal votou na terça-feira o corte no orçamento dos transportes apesar de meses de protestos.",
    ),
    "it": (
        "I membri del comitato spiegano perché hanno votato per sciogliere l'organizzazione dopo il congresso.",
        "Gli inquilini di tre palazzi sono entrati in sciopero dell'affitto per esigere le riparazioni promesse.",
        "Il sindacato afferma che l'offerta contrattuale non basta a ciò di cui gli insegnanti hanno bisogno.",
        "Una lettrice ci scrive per chiedere come i socialisti dovrebbero rispondere alle nuove regole.",
        "Migliaia di persone hanno sfilato sabato per la città contro la chiusura dell'unico ospedale della provincia.",
        "Il nostro corrispondente racconta la prima settimana dello sciopero e il clima ai picchetti.",
        "Perché così tante persone sono rimaste in silenzio così a lungo, e cosa servirebbe per cambiare questa cultura?",
        "Il consiglio comunale ha votato martedì il taglio del bilancio dei trasporti nonostante mesi di proteste.",
    ),
}

#: Languages outside the function-word vote: the model must answer for them.
OTHERS: dict[str, tuple[str, ...]] = {
    "ca": (
        "Els treballadors de la fàbrica han convocat una vaga indefinida a partir de dilluns per defensar els seus llocs.",
        "L'ajuntament ha aprovat retallar el pressupost del transport públic malgrat mesos de protestes veïnals.",
    ),
    "nl": (
        "De huurders van drie flatgebouwen zijn in huurstaking gegaan om de beloofde reparaties af te dwingen.",
        "De gemeenteraad stemde dinsdag voor bezuinigingen op het openbaar vervoer ondanks maanden van protest.",
    ),
    "ro": (
        "Membrii comitetului explică de ce au votat pentru dizolvarea organizației după congresul din februarie.",
        "Mii de oameni au mărșăluit sâmbătă prin oraș împotriva închiderii singurului spital din județ.",
    ),
}

#: Texts too thin to tell: a detector should say None rather than guess.
THIN: tuple[str, ...] = ("", "2019", "ISO", "Tess Carter", "!!!", "https://socialistworker.org")
